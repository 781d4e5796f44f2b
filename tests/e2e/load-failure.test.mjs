// When the SDK cannot load, the page still works and sees the documented error, in every
// engine. Three ways a checkout page meets it (tests/e2e/load-failure/page.js):
// - csp: the page's Content-Security-Policy lacks 'wasm-unsafe-eval', so compiling the
//   WebAssembly is refused;
// - nowasm: the browser has no WebAssembly (Safari's Lockdown Mode, some hardened
//   browsers);
// - offline: the network goes away after the page loaded (its server and the Client API).
//   The wasm is inside the module the page already has, so nothing is left to download:
//   the SDK loads and its calls reject with ConnectNetworkError.
// There is no separate .wasm file that could be missing (scripts/build-entry.mjs inlines
// it), so the missing-file case of a fetched .wasm cannot happen.
// In each case the import succeeds and the page's own script goes on. Chromium runs
// through Playwright; Firefox and WebKit through their WebDriver (./webdriver.mjs), one
// browser per engine for all its cases.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { launch } from "./browser.mjs";
import { serveStatic } from "./static-server.mjs";
import { root } from "./scratch.mjs";
import { ENGINES, freePort, launch as launchWebDriver } from "./webdriver.mjs";

// A policy as strict as the demo's, but without 'wasm-unsafe-eval'.
const NO_WASM_CSP = "default-src 'self'; script-src 'self'; connect-src *";

const LOAD_ERROR = {
  isError: true,
  name: "ConnectLoadError",
  status: 0,
  errors: [{ code: "LOAD_ERROR", id: "WASM_UNAVAILABLE", category: "CLIENT_SDK" }],
};

/** Opens the case's page in `engine`, then calls the page's `useSdk(api)`. */
async function runCase(engine, name, { beforeUse = async () => {} } = {}) {
  const server = await serveStatic(
    { "/pkg/": join(root, "pkg"), "/": join(root, "tests/e2e/load-failure") },
    { headers: (url) => (url.searchParams.get("case") === "csp" ? { "Content-Security-Policy": NO_WASM_CSP } : {}) },
  );
  let closed = false;
  try {
    return await drivers[engine](`${server.url}/?case=${name}`, async () => {
      await beforeUse();
      if (name === "offline") {
        closed = true;
        await server.close();
        // A free port: nobody listens there, so every call is refused.
        return `http://127.0.0.1:${await freePort()}`;
      }
      return server.url;
    });
  } finally {
    if (!closed) await server.close();
  }
}

const browsers = {};
after(async () => {
  for (const b of Object.values(browsers)) await (await b).close();
});

const drivers = {
  async chromium(url, api) {
    browsers.chromium ??= launch().then((b) => ({ b, close: () => b.close() }));
    const { b } = await browsers.chromium;
    const context = await b.newContext();
    try {
      const tab = await context.newPage();
      await tab.goto(url);
      await tab.waitForSelector("body[data-state=imported]", { timeout: 20000 });
      return await tab.evaluate((base) => window.useSdk(base), await api());
    } finally {
      await context.close();
    }
  },
  firefox: (url, api) => withWebDriver("firefox", url, api),
  webkit: (url, api) => withWebDriver("webkit", url, api),
};

async function withWebDriver(engine, url, api) {
  browsers[engine] ??= launchWebDriver(engine).then((b) => ({ b, close: () => b.quit() }));
  const { b } = await browsers[engine];
  await b.get(url);
  await b.waitFor(() => document.body.dataset.state === "imported");
  return b.executeAsync((base) => window.useSdk(base), await api());
}

for (const engine of ENGINES) {
  for (const name of ["csp", "nowasm"]) {
    test(`${engine}: ${name}: the import succeeds, the page goes on, every use meets ConnectLoadError`, async () => {
      const seen = await runCase(engine, name);
      assert.equal(seen.imported, true, JSON.stringify(seen.imported));
      assert.equal(seen.scriptWentOn, true);
      for (const use of ["first", "second", "ready"]) {
        const { message, ...shape } = seen[use];
        assert.deepEqual(shape, LOAD_ERROR, `${use} use`);
        assert.match(message, /could not load its WebAssembly module \(.+\)$/s, `${use}: the reason is carried`);
      }
      assert.equal(seen.call, undefined, "no session could be made");
      assert.deepEqual(seen.uncaught, [], "nothing escaped to the page");
    });
  }

  test(`${engine}: offline after the page loaded: the SDK still loads, calls reject with ConnectNetworkError`, async () => {
    const seen = await runCase(engine, "offline");
    assert.equal(seen.imported, true);
    assert.equal(seen.first, "ok");
    assert.equal(seen.second, "ok");
    assert.equal(seen.ready, "resolved");
    assert.equal(seen.call.name, "ConnectNetworkError", JSON.stringify(seen.call));
    assert.equal(seen.call.status, 0);
    assert.deepEqual(seen.uncaught, []);
  });
}
