// The panic guard, in a page: a build with a test-only trigger (feature `test-panic`)
// panics on purpose. Pending calls must reject with ConnectInternalError, the panicking
// call must throw one, and every later call must fail fast the same way.
import { test } from "node:test";
import assert from "node:assert/strict";
import { launch, pageUrl } from "./browser.mjs";

test("a panic rejects pending calls and later calls fail fast", async () => {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(pageUrl() + "/_control/health");
    const seen = await page.evaluate(async () => {
      const describe = (e) => ({ isError: e instanceof Error, name: e?.name, status: e?.status, code: e?.errors?.[0]?.code });
      const settle = (p) => p.then((v) => ({ ok: true, v }), (e) => ({ ok: false, ...describe(e) }));
      const { default: init, connect } = await import("/panic-pkg/connect_sdk_client_wasm.js");
      await init({ module_or_path: "/panic-pkg/connect_sdk_client_wasm_bg.wasm" });
      const details = await (await fetch("/_control/sessions", { method: "POST", body: "{}" })).json();
      await fetch("/_control/sessions/" + encodeURIComponent(details.customerId) + "/faults", {
        method: "POST",
        body: JSON.stringify([{ delayMs: 1500 }]),
      });
      const session = new connect(details);
      const request = { countryCode: "SE", values: [{ key: "fiscalNumber", value: "012345678901" }] };
      const pending = settle(session.getCustomerDetails(9000, request));
      await new Promise((r) => setTimeout(r, 100));
      const uncaught = new Promise((r) => window.addEventListener("error", (e) => { e.preventDefault(); r(describe(e.error)); }, { once: true }));
      const boom = await settle(session.panicForTest("async"));
      const out = { boom, pending: await pending, uncaught: await uncaught };
      out.later = await settle(session.getCustomerDetails(9000, request));
      try { new connect(details); out.ctor = { ok: true }; } catch (e) { out.ctor = describe(e); }
      try { session.clearCache(); out.clear = { ok: true }; } catch (e) { out.clear = describe(e); }
      return out;
    });
    const internal = { isError: true, name: "ConnectInternalError", status: 0, code: "INTERNAL_ERROR" };
    assert.deepEqual(seen.pending, { ok: false, ...internal }, "pending call");
    assert.deepEqual(seen.boom, { ok: false, ...internal }, "panicking call");
    assert.deepEqual(seen.uncaught, internal, "what the page's error handler sees");
    assert.deepEqual(seen.later, { ok: false, ...internal }, "later call");
    assert.deepEqual(seen.ctor, internal, "later constructor");
    assert.deepEqual(seen.clear, internal, "later clearCache");

    // In a fresh page: a panic in a synchronous call throws the same error.
    const fresh = await browser.newPage();
    await fresh.goto(pageUrl() + "/_control/health");
    const sync = await fresh.evaluate(async () => {
      const describe = (e) => ({ isError: e instanceof Error, name: e?.name, status: e?.status, code: e?.errors?.[0]?.code });
      const { default: init, connect } = await import("/panic-pkg/connect_sdk_client_wasm.js");
      await init({ module_or_path: "/panic-pkg/connect_sdk_client_wasm_bg.wasm" });
      const details = await (await fetch("/_control/sessions", { method: "POST", body: "{}" })).json();
      const session = new connect(details);
      let thrown;
      try { session.panicForTest("sync"); } catch (e) { thrown = describe(e); }
      const later = await session.getCustomerDetails(9000, { countryCode: "SE", values: [{ key: "k", value: "v" }] })
        .then(() => ({ ok: true }), describe);
      return { thrown, later };
    });
    assert.deepEqual(sync.thrown, internal, "a panicking synchronous call throws");
    assert.deepEqual(sync.later, internal, "and later calls fail fast");
  } finally {
    await browser.close();
  }
});
