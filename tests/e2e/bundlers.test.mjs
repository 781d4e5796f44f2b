// Every mainstream way a checkout page is built, from the packed tarball, with zero
// configuration: Vite (build and dev server), webpack 5, Next.js (App Router, `next build`
// then `next start`, a client component importing the package at the top of its file),
// Rollup with node-resolve, esbuild with its defaults, a module Web Worker and a plain
// `<script type="module">` page. Each serves its app on its own origin and runs the seed
// lookup in headless Chromium against the local Client API on another origin (CORS). The
// tools are the repository's dev dependencies (package.json), at the versions the README's
// "Bundlers and frameworks" table names. A Node import test shows what SSR sees.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { launch, apiUrl } from "./browser.mjs";
import { serveStatic } from "./static-server.mjs";
import { root, scratch, run, sizes, installPackage, app } from "./scratch.mjs";
import { freePort, startGroup } from "./webdriver.mjs";

const tool = (name) => join(root, "node_modules", name);
const version = (name) => JSON.parse(readFileSync(join(tool(name), "package.json"), "utf8")).version;

// The page's code, as the README says to write it: import, no initialisation call. No
// top-level await, so that esbuild's default (iife) format takes it too.
const LOOKUP = `import { connect, Session } from "connect-sdk-client-wasm";

export async function lookup(api) {
  if (Session !== connect) throw new Error("Session is not connect");
  // Stands in for the merchant server's Create Session.
  const details = await (await fetch(api + "/_control/sessions", { method: "POST", body: "{}" })).json();
  const session = new connect(details);
  const fields = await session.getCustomerDetailsFields(9000, { totalAmount: 1000, countryCode: "SE", currency: "SEK" });
  const customer = await session.getCustomerDetails(9000, { countryCode: "SE", values: [{ key: "fiscalNumber", value: "012345678901" }] });
  return { fields: fields.map((f) => f.id), customer };
}
`;
const MAIN_JS = `import { lookup } from "./lookup.js";

const out = document.getElementById("out");
lookup(new URLSearchParams(location.search).get("api")).then(
  (value) => {
    // The element is a separate entry: importing the main one does not register it.
    value.element = customElements.get("connect-address-lookup") !== undefined;
    out.textContent = JSON.stringify(value);
    document.body.dataset.state = "done";
  },
  (e) => {
    out.textContent = String(e && e.name) + ": " + String(e && e.message);
    document.body.dataset.state = "failed";
  },
);
`;
const page = (script) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>scratch checkout</title><link rel="icon" href="data:,">
${script}</head>
<body><pre id="out"></pre></body></html>
`;
const MODULE_PAGE = page(`<script type="module" src="./main.js"></script>`);

before(() => installPackage());

let browser;
after(() => browser?.close());

/** Opens `url?api=…` in a fresh Chromium context and reads the page's outcome. */
async function openUrl(url, { click } = {}) {
  browser ??= await launch();
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    const problems = [];
    tab.on("pageerror", (e) => problems.push(String(e)));
    tab.on("console", (m) => ["error", "warning"].includes(m.type()) && problems.push(m.text()));
    await tab.goto(`${url}?api=${encodeURIComponent(apiUrl())}`);
    if (click) await tab.click(click);
    await tab.waitForSelector("[data-state=done], [data-state=failed]", { timeout: 30000 }).catch((e) => {
      throw new Error(`${e.message}; the page said: ${problems.join("; ")}`);
    });
    const state = await tab.getAttribute("[data-state]", "data-state");
    const text = await tab.textContent("#out");
    assert.deepEqual(problems, []);
    return { state, text, value: state === "done" ? JSON.parse(text) : null };
  } finally {
    await context.close();
  }
}

/** Serves `dir` on its own origin and opens `path` there. */
async function openStatic(dir, path, options) {
  const server = await serveStatic({ "/": dir });
  try {
    return { ...(await openUrl(server.url + path, options)), requests: server.requests };
  } finally {
    await server.close();
  }
}

function assertSeedLookup(result) {
  assert.equal(result.state, "done", result.text);
  assert.notEqual(result.value.element, true, "the main entry does not register the element");
  assert.deepEqual(result.value.fields, ["fiscalNumber"]);
  assert.equal(result.value.customer.firstName, "Gustav");
  assert.equal(result.value.customer.street, "Gustav Adolfs torg 22");
  assert.equal(result.value.customer.city, "Stockholm");
}

/** The built files of `dir` hold the SDK and no asset for a browser to fetch. */
function assertOneBundle(t, name, dir) {
  const files = readdirSync(dir, { recursive: true }).map(String);
  assert.deepEqual(files.filter((f) => f.endsWith(".wasm")), [], `${name}: no .wasm asset`);
  const js = files.filter((f) => f.endsWith(".js"));
  const withSdk = js.filter((f) => readFileSync(join(dir, f), "utf8").includes("ConnectLoadError"));
  assert.equal(withSdk.length, 1, `${name}: one chunk holds the SDK: ${js}`);
  assert.doesNotMatch(readFileSync(join(dir, withSdk[0]), "utf8"), /attachShadow|Hitta min adress/, `${name}: the main entry does not bundle the element`);
  t.diagnostic(`${name} ${withSdk[0]}: ${sizes(readFileSync(join(dir, withSdk[0])))}`);
}

test(`Vite ${version("vite")} build, no plugin or config`, async (t) => {
  const dir = app("vite", { "index.html": MODULE_PAGE, "main.js": MAIN_JS, "lookup.js": LOOKUP });
  const log = run(process.execPath, [join(tool("vite"), "bin/vite.js"), "build", "--logLevel", "warn"], dir);
  assert.doesNotMatch(log, /error|warn/i, log);
  assertOneBundle(t, "vite", join(dir, "dist"));
  assertSeedLookup(await openStatic(join(dir, "dist"), "/"));
});

test(`Vite ${version("vite")} dev server, no plugin or config`, async () => {
  const dir = app("vite-dev", { "index.html": MODULE_PAGE, "main.js": MAIN_JS, "lookup.js": LOOKUP });
  // In its own process group, stopped with everything it started, also if this process
  // is interrupted.
  const vite = startGroup(process.execPath, [join(tool("vite"), "bin/vite.js"), "--host", "127.0.0.1", "--port", "0"], { cwd: dir });
  try {
    const url = await waitForLine(vite.child, /Local:\s+(http:\/\/127\.0\.0\.1:\d+)/, "vite dev");
    assertSeedLookup(await openUrl(url + "/"));
  } finally {
    await vite.stop();
  }
});

test(`webpack ${version("webpack")}, production, no config but entry and output`, async (t) => {
  const dir = app("webpack", { "index.html": page(`<script defer src="./main.js"></script>`), "src/main.js": MAIN_JS, "src/lookup.js": LOOKUP });
  const { default: webpack } = await import(join(tool("webpack"), "lib/index.js"));
  const stats = await new Promise((ok, fail) =>
    webpack({ mode: "production", context: dir, entry: "./src/main.js", output: { path: join(dir, "dist"), filename: "main.js" } },
      (err, s) => (err ? fail(err) : ok(s))));
  assert.ok(!stats.hasErrors() && !stats.hasWarnings(), stats.toString("errors-warnings"));
  assertOneBundle(t, "webpack", join(dir, "dist"));
  run("cp", [join(dir, "index.html"), join(dir, "dist/")], dir);
  assertSeedLookup(await openStatic(join(dir, "dist"), "/"));
});

test(`Rollup ${version("rollup")} with @rollup/plugin-node-resolve ${version("@rollup/plugin-node-resolve")} (defaults)`, async (t) => {
  const dir = app("rollup", { "index.html": MODULE_PAGE, "src/main.js": MAIN_JS, "src/lookup.js": LOOKUP });
  const { rollup } = await import(join(tool("rollup"), "dist/es/rollup.js"));
  const { default: resolvePlugin } = await import(join(tool("@rollup/plugin-node-resolve"), "dist/es/index.js"));
  const warnings = [];
  const bundle = await rollup({ input: join(dir, "src/main.js"), plugins: [resolvePlugin()], onwarn: (w) => warnings.push(String(w)) });
  await bundle.write({ file: join(dir, "dist/main.js"), format: "es" });
  await bundle.close();
  assert.deepEqual(warnings, []);
  assertOneBundle(t, "rollup", join(dir, "dist"));
  run("cp", [join(dir, "index.html"), join(dir, "dist/")], dir);
  assertSeedLookup(await openStatic(join(dir, "dist"), "/"));
});

test(`esbuild ${version("esbuild")} --bundle with its defaults (iife, classic script)`, async (t) => {
  const dir = app("esbuild", { "index.html": page(`<script defer src="./main.js"></script>`), "src/main.js": MAIN_JS, "src/lookup.js": LOOKUP });
  const esbuild = await import(join(tool("esbuild"), "lib/main.js"));
  const result = await esbuild.build({ entryPoints: [join(dir, "src/main.js")], bundle: true, outfile: join(dir, "dist/main.js"), logLevel: "silent" });
  assert.deepEqual([...result.errors, ...result.warnings], []);
  assertOneBundle(t, "esbuild", join(dir, "dist"));
  run("cp", [join(dir, "index.html"), join(dir, "dist/")], dir);
  assertSeedLookup(await openStatic(join(dir, "dist"), "/"));
});

test(`esbuild ${version("esbuild")} --bundle --format=esm`, async () => {
  const dir = app("esbuild-esm", { "index.html": MODULE_PAGE, "src/main.js": MAIN_JS, "src/lookup.js": LOOKUP });
  const esbuild = await import(join(tool("esbuild"), "lib/main.js"));
  const result = await esbuild.build({ entryPoints: [join(dir, "src/main.js")], bundle: true, format: "esm", outfile: join(dir, "dist/main.js"), logLevel: "silent" });
  assert.deepEqual([...result.errors, ...result.warnings], []);
  run("cp", [join(dir, "index.html"), join(dir, "dist/")], dir);
  assertSeedLookup(await openStatic(join(dir, "dist"), "/"));
});

test("a module Web Worker importing the package, no bundler", async () => {
  // Workers do not see the page's import map, so the worker names the file.
  const worker = LOOKUP.replace('"connect-sdk-client-wasm"', '"../node_modules/connect-sdk-client-wasm/index.js"') + `
self.onmessage = (event) => lookup(event.data).then(
  (value) => self.postMessage({ ok: true, value }),
  (e) => self.postMessage({ ok: false, text: String(e && e.name) + ": " + String(e && e.message) }),
);
`;
  const main = `const out = document.getElementById("out");
const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
worker.onmessage = ({ data }) => {
  out.textContent = data.ok ? JSON.stringify(data.value) : data.text;
  document.body.dataset.state = data.ok ? "done" : "failed";
};
worker.onerror = (e) => {
  out.textContent = "worker error: " + e.message;
  document.body.dataset.state = "failed";
};
worker.postMessage(new URLSearchParams(location.search).get("api"));
`;
  app("worker", { "index.html": MODULE_PAGE, "main.js": main, "worker.js": worker });
  const result = await openStatic(scratch, "/worker/");
  assertSeedLookup(result);
  assert.ok(result.requests.includes("/node_modules/connect-sdk-client-wasm/index.js"));
});

test("a plain <script type=module> page with an import map, no bundler: one request for the SDK", async () => {
  const importMap = { imports: { "connect-sdk-client-wasm": "../node_modules/connect-sdk-client-wasm/index.js" } };
  app("plain", {
    "index.html": page(`<script type="importmap">${JSON.stringify(importMap)}</script>\n<script type="module" src="./main.js"></script>`),
    "main.js": MAIN_JS,
    "lookup.js": LOOKUP,
  });
  const result = await openStatic(scratch, "/plain/");
  assertSeedLookup(result);
  const sdk = result.requests.filter((p) => p.startsWith("/node_modules/"));
  assert.deepEqual(sdk, ["/node_modules/connect-sdk-client-wasm/index.js"], "one request, and not element.js");
});

const ELEMENT_JS = `// The README's drop-in integration: the element, a session, the event.
import { connect } from "connect-sdk-client-wasm";
import "connect-sdk-client-wasm/element";

const out = document.getElementById("out");
const api = new URLSearchParams(location.search).get("api");
const lookup = document.querySelector("connect-address-lookup");
lookup.addEventListener("customerdetails", (e) => {
  out.textContent = JSON.stringify({ customer: e.detail });
  document.body.dataset.state = "done";
});
lookup.addEventListener("lookuperror", (e) => {
  out.textContent = e.detail.reason;
  document.body.dataset.state = "failed";
});
fetch(api + "/_control/sessions", { method: "POST", body: "{}" })
  .then((r) => r.json())
  .then((details) => {
    lookup.session = new connect(details);
  });
`;

test("the element entry by its package path, in a plain page: it renders, masks and looks up", async () => {
  const dir = "../node_modules/connect-sdk-client-wasm";
  const importMap = { imports: { "connect-sdk-client-wasm": `${dir}/index.js`, "connect-sdk-client-wasm/element": `${dir}/element.js` } };
  app("element", {
    "main.js": ELEMENT_JS,
    "index.html": `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>element</title><link rel="icon" href="data:,">
<script type="importmap">${JSON.stringify(importMap)}</script>
<script type="module" src="./main.js"></script></head>
<body><connect-address-lookup product-id="9000" country="SE" amount="1000" currency="SEK" locale="sv_SE"></connect-address-lookup>
<pre id="out"></pre></body></html>
`,
  });
  const server = await serveStatic({ "/": scratch });
  browser ??= await launch();
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    await tab.goto(`${server.url}/element/?api=${encodeURIComponent(apiUrl())}`);
    const input = tab.getByLabel("Personal number");
    await input.pressSequentially("012345678901");
    assert.equal(await input.inputValue(), "01234567-8901");
    await tab.getByRole("button", { name: "Hitta min adress" }).click();
    await tab.waitForSelector("body[data-state]", { timeout: 20000 });
    const text = await tab.textContent("#out");
    assert.equal(JSON.parse(text).customer.surname, "Adolfs", text);
  } finally {
    await context.close();
    await server.close();
  }
});

const NEXT_LOOKUP = `"use client";
// A client component that imports the SDK at the top of the file, as in any other app.
import { useState } from "react";
import { connect } from "connect-sdk-client-wasm";

export default function Lookup() {
  const [state, setState] = useState("idle");
  const [out, setOut] = useState("");
  async function onClick() {
    try {
      const api = new URLSearchParams(location.search).get("api");
      const details = await (await fetch(api + "/_control/sessions", { method: "POST", body: "{}" })).json();
      const session = new connect(details);
      const fields = await session.getCustomerDetailsFields(9000, { totalAmount: 1000, countryCode: "SE", currency: "SEK" });
      const customer = await session.getCustomerDetails(9000, { countryCode: "SE", values: [{ key: "fiscalNumber", value: "012345678901" }] });
      setOut(JSON.stringify({ fields: fields.map((f) => f.id), customer }));
      setState("done");
    } catch (e) {
      setOut(String(e && e.name) + ": " + String(e && e.message));
      setState("failed");
    }
  }
  return (
    <section>
      <button id="lookup" onClick={onClick}>Find my address</button>
      <pre id="out" data-state={state === "idle" ? undefined : state}>{out}</pre>
    </section>
  );
}
`;

test(`Next.js ${version("next")} App Router: next build, next start, server render, lookup on a click`, async (t) => {
  const dir = app("next", {
    "package.json": JSON.stringify({ name: "scratch-next", private: true }),
    // What create-next-app 16 writes (its cacheComponents default once made builds hang
    // on the package's old top-level await); nothing for the SDK.
    "next.config.mjs": "export default { cacheComponents: true };\n",
    "app/layout.js": `export const metadata = { title: "scratch checkout", icons: "data:," };
export default function RootLayout({ children }) {
  return <html lang="en"><body>{children}</body></html>;
}
`,
    "app/page.js": `import Lookup from "./lookup";
export default function Page() {
  return <main><h1>Checkout</h1><Lookup /></main>;
}
`,
    "app/lookup.js": NEXT_LOOKUP,
  });
  const next = join(tool("next"), "dist/bin/next");
  const env = { NEXT_TELEMETRY_DISABLED: "1" };
  const build = run(process.execPath, [next, "build"], dir, env);
  t.diagnostic(`next build: ${build.split("\n").filter((l) => /Compiled|Generating|○|Route/.test(l)).join(" | ")}`);
  const port = await freePort();
  // In its own process group, as the vite dev server above.
  const server = startGroup(process.execPath, [next, "start", "-H", "127.0.0.1", "-p", String(port)], { cwd: dir, env: { ...process.env, ...env } });
  let serverLog = "";
  server.child.stderr.on("data", (c) => (serverLog += c));
  try {
    await waitForLine(server.child, /Ready|started server/i, "next start");
    const url = `http://127.0.0.1:${port}/`;
    const html = await (await fetch(url)).text();
    assert.match(html, /Find my address/, "the server rendered the client component");
    assertSeedLookup(await openUrl(url, { click: "#lookup" }));
    assert.doesNotMatch(serverLog, /error/i, serverLog);
  } finally {
    await server.stop();
  }
});

test("Node: import and require succeed, the element entry too; calls refuse with ConnectLoadError NOT_A_BROWSER", () => {
  const script = `
    const mod = await import("connect-sdk-client-wasm");
    const req = (await import("node:module")).createRequire(process.cwd() + "/")("connect-sdk-client-wasm");
    const session = new mod.connect({ clientSessionId: "s", customerId: "c", clientApiUrl: "https://x", assetUrl: "https://y" });
    const seen = [];
    for (const call of [() => session.getCustomerDetails(9000, { countryCode: "SE", values: [] }), () => mod.ready()]) {
      await call().then(() => seen.push("resolved"), (e) => seen.push({ isError: e instanceof Error, name: e.name, status: e.status, errors: e.errors, message: e.message }));
    }
    const element = await import("connect-sdk-client-wasm/element");
    console.log(JSON.stringify({ same: req.connect === mod.connect, session: mod.Session === mod.connect, seen, element: typeof element.ConnectAddressLookup }));
  `;
  const out = JSON.parse(run(process.execPath, ["--input-type=module", "-e", script], scratch));
  assert.equal(out.same, true, "import and require give the same module");
  assert.equal(out.session, true);
  assert.equal(out.element, "function", "the element's entry imports in Node too, registering nothing");
  for (const seen of out.seen) {
    assert.equal(seen.isError, true);
    assert.equal(seen.name, "ConnectLoadError");
    assert.equal(seen.status, 0);
    assert.deepEqual(seen.errors, [{ code: "LOAD_ERROR", id: "NOT_A_BROWSER", category: "CLIENT_SDK" }]);
    assert.match(seen.message, /runs in browsers/);
  }
});

function waitForLine(child, pattern, what) {
  return new Promise((ok, fail) => {
    let seen = "";
    const timer = setTimeout(() => fail(new Error(`${what} did not start: ${seen}`)), 60000);
    const onData = (chunk) => {
      seen += chunk;
      const m = seen.replace(/\x1b\[[0-9;]*m/g, "").match(pattern);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`${what} exited ${code}: ${seen}`));
    });
  });
}
