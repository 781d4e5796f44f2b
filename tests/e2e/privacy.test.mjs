// Privacy (issue 6): the release package in a page, cross-origin to the local Client API as
// on a real checkout, runs a workload with every outcome (successes, every error kind,
// invalid input, timeouts, aborts). Every console message the page produced (the SDK's and
// the browser's own, such as network and CORS errors), every uncaught error, and every
// rejection's message, stack and SDK `errors` must be free of the clientSessionId and of
// every submitted lookup value; nothing may escape uncaught; the session must still work.
import { test } from "node:test";
import assert from "node:assert/strict";
import { launch, apiUrl, pageUrl } from "./browser.mjs";

test("no console message or error carries the session id or a submitted value", async () => {
  const api = apiUrl();
  // The page origin is not the API's: every API call is a CORS call.
  const pageOrigin = pageUrl();
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const consoleTexts = [];
    page.on("console", (m) => consoleTexts.push(m.type() + ": " + m.text() + " @ " + (m.location()?.url ?? "")));
    const pageErrors = [];
    page.on("pageerror", (e) => pageErrors.push(String(e?.stack ?? e)));
    await page.goto(pageOrigin + "/_control/health");

    const seen = await page.evaluate(async (api) => {
      const { connect } = await import("/pkg/index.js");
      const control = async (path, body) => {
        const r = await fetch(api + "/_control" + path, body === undefined ? {} : { method: "POST", body: JSON.stringify(body) });
        return r.json();
      };
      const details = await control("/sessions", {});
      const faults = (list) => control("/sessions/" + encodeURIComponent(details.customerId) + "/faults", list);
      const session = new connect(details);
      const se = (v) => ({ countryCode: "SE", values: [{ key: "fiscalNumber", value: v }] });
      const no = (phone, zip) => ({ countryCode: "NO", values: [{ key: "phoneNumber", value: phone }, { key: "zip", value: zip }] });
      const pd = (countryCode, amount = 1000) => ({ totalAmount: amount, countryCode, currency: "EUR" });
      const submitted = new Set();
      const errors = [];
      const outcomes = [];
      const run = async (label, f) => {
        try {
          const v = await f();
          outcomes.push(label + ": ok");
          return v;
        } catch (e) {
          outcomes.push(label + ": " + e?.name);
          errors.push({
            label,
            isError: e instanceof Error,
            name: e?.name,
            message: String(e?.message),
            stack: String(e?.stack),
            // The API's own errors are passed through as sent; the SDK's entries are checked.
            errors: e?.name === "ConnectApiError" ? "" : JSON.stringify(e?.errors ?? null),
          });
        }
      };
      const lookup = (label, request, options) => {
        for (const { value } of request.values ?? []) submitted.add(value);
        return run(label, () => session.getCustomerDetails(9000, request, options));
      };
      const withSignal = (ms) => {
        const c = new AbortController();
        if (ms < 0) c.abort();
        else setTimeout(() => c.abort(), ms);
        return { signal: c.signal };
      };

      // Successes.
      await lookup("Swedish customer", se("012345678901"));
      await run("Norwegian product", () => session.getPaymentProduct(9000, pd("NO")));
      await lookup("Norwegian customer", no("40612345", "0150"));
      await run("Finnish fields", () => session.getCustomerDetailsFields(9000, pd("FI")));
      await lookup("Finnish customer", { countryCode: "FI", values: [{ key: "fiscalNumber", value: "131052-308T" }, { key: "zip", value: "00100" }] });
      // API errors.
      await lookup("not found", se("198501019999"));
      await run("unknown product", () => session.getCustomerDetails(4242, se("198501018888")));
      await run("unavailable country", () => session.getPaymentProduct(9000, pd("DE")));
      // Every other error kind, through faults.
      const faulted = [
        ["HTML gateway page", { status: 502, body: "<html>Bad gateway</html>", contentType: "text/html" }, "197001011111"],
        ["malformed JSON", { malformedJson: true }, "197001012222"],
        ["wrong field type", { status: 200, body: '{"zip":11152}' }, "197001013333"],
        ["connection closed", { close: true }, "197001014444"],
        ["reset mid-body", { resetMidBody: true }, "197001015555"],
        ["missing CORS headers", { noCors: true }, "197001016666"],
        ["redirected to a closed port", { redirect: "http://127.0.0.1:9/client/v1" }, "197001017777"],
        ["10 MB error page", { status: 500, bodyBytes: 10 * 1024 * 1024 }, "197001018888"],
      ];
      for (const [label, fault, value] of faulted) {
        await faults([fault]);
        await lookup(label, se(value));
      }
      await faults([{ hang: true }]);
      await lookup("timeout", se("197001019999"), { timeoutMs: 300 });
      await faults([{ hang: true }]);
      await lookup("aborted during the call", se("196912310000"), withSignal(50));
      await lookup("aborted before the call", se("196912311111"), withSignal(-1));
      await faults([{ noCors: true }]);
      await run("product without CORS headers", () => session.getPaymentProduct(9000, pd("SE", 1234)));
      // Invalid input, never sent: by the SDK's own checks and by the product's rules.
      await lookup("value too long", se("PRIVATE-" + "7".repeat(300)));
      await lookup("bad country", { countryCode: "S1", values: [{ key: "fiscalNumber", value: "PRIVATE-country" }] });
      await lookup("phone number against the product's pattern", no("39999999", "0150"));
      await lookup("postal code against the product's length", no("40612345", "01500"));
      await lookup("not a lookup field", { countryCode: "NO", values: [{ key: "phoneNumber", value: "40612345" }, { key: "zip", value: "0150" }, { key: "emailAddress", value: "private.person@example.no" }] });
      await lookup("lone surrogate", se("1985\uD800PRIVATE"));
      for (const [label, bad] of [
        ["constructor without clientSessionId", { ...details, clientSessionId: undefined }],
        ["constructor with a bad URL", { ...details, clientApiUrl: "ftp://evil.example/x" }],
        ["constructor with an empty customerId", { ...details, customerId: "" }],
      ]) {
        await run(label, async () => new connect(bad));
      }
      // Still usable.
      session.clearCache();
      await lookup("Swedish customer again", se("012345678901"));
      const log = await control("/sessions/" + encodeURIComponent(details.customerId) + "/requests");
      return { secret: details.clientSessionId, submitted: [...submitted], errors, outcomes, requests: log.count };
    }, api);

    // Let late console messages (network errors) arrive.
    await page.waitForTimeout(200);
    const secrets = [seen.secret, ...seen.submitted.filter((v) => v.length >= 6)];
    assert.ok(secrets.length >= 20, "secrets to look for: " + secrets.length);
    const kinds = new Set(seen.errors.map((e) => e.name));
    for (const name of ["ConnectApiError", "ConnectHttpError", "ConnectResponseError", "ConnectNetworkError", "ConnectTimeoutError", "ConnectAbortError", "ConnectInputError"]) {
      assert.ok(kinds.has(name), "the workload produced no " + name + ": " + seen.outcomes.join(", "));
    }
    assert.ok(!kinds.has("ConnectInternalError"), "a panic: " + seen.outcomes.join(", "));
    assert.equal(seen.outcomes.at(-1), "Swedish customer again: ok");
    assert.ok(seen.errors.every((e) => e.isError), "a rejection that is no Error");
    assert.deepEqual(pageErrors, [], "uncaught errors");
    assert.ok(consoleTexts.length > 0, "the browser logged nothing (network errors are expected)");

    const places = [
      ...consoleTexts.map((t, i) => ["console message " + i, t]),
      ...pageErrors.map((t, i) => ["uncaught error " + i, t]),
      ...seen.errors.flatMap((e) => [
        [e.label + " message", e.message],
        [e.label + " stack", e.stack],
        [e.label + " errors", e.errors],
      ]),
    ];
    const leaks = [];
    for (const [where, text] of places) {
      for (const s of secrets) if (text.includes(s)) leaks.push(where + " carries " + (s === seen.secret ? "the clientSessionId" : "the value " + JSON.stringify(s.slice(0, 12))));
    }
    assert.deepEqual(leaks, [], leaks.join("\n"));
    console.log(
      `# privacy: ${seen.outcomes.length} calls, ${seen.requests} requests, ${consoleTexts.length} console messages, ` +
        `${seen.errors.length} errors (message, stack, errors) checked against ${secrets.length} secrets`,
    );
  } finally {
    await browser.close();
  }
});
