// The npm package as a front-end developer gets it: `npm pack` pkg/, install the tarball
// into a scratch app under target/, type-check against it, build it with Vite (no
// plugins), serve the build, the Vite dev server and a plain module page, and run the
// seed lookup in each, in Chromium, against the local Client API (cross-origin, CORS).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync, brotliCompressSync } from "node:zlib";
import { launch, apiUrl } from "./browser.mjs";
import { serveStatic } from "./static-server.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const pkg = join(root, "pkg");
const work = join(root, "target/package-test");
const app = join(work, "app");
const FILES = [
  "LICENSE",
  "README.md",
  "connect_sdk_client_wasm.d.ts",
  "connect_sdk_client_wasm.js",
  "connect_sdk_client_wasm_bg.wasm",
  "element.d.ts",
  "element.js",
  "index.d.ts",
  "index.js",
  "package.json",
];

const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
const npm = (args, cwd) => run("npm", [...args, "--no-audit", "--no-fund", "--no-update-notifier"], cwd);
const sizes = (bytes) => `${bytes.length} B, gzip ${gzipSync(bytes, { level: 9 }).length} B, brotli ${brotliCompressSync(bytes).length} B`;

let packed;

before(() => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(app, { recursive: true });
  [packed] = JSON.parse(npm(["pack", "--json", "--pack-destination", work], pkg));
});

test("npm pack lists only what belongs in the package", (t) => {
  assert.deepEqual(packed.files.map((f) => f.path).sort(), FILES);
  t.diagnostic(`tarball ${packed.filename}: ${packed.size} B packed, ${packed.unpackedSize} B unpacked, ${packed.entryCount} files`);
  for (const f of packed.files) t.diagnostic(`  ${f.path}: ${f.size} B`);
  for (const f of ["connect_sdk_client_wasm_bg.wasm", "connect_sdk_client_wasm.js", "index.js", "element.js"]) {
    t.diagnostic(`${f}: ${sizes(readFileSync(join(pkg, f)))}`);
  }
});

test("package.json: name, Cargo's version, ESM exports with types, side effects only in index.js and element.js", () => {
  const manifest = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8"));
  const cargoVersion = readFileSync(join(root, "Cargo.toml"), "utf8").match(/^version = "([^"]+)"/m)[1];
  assert.equal(manifest.name, "connect-sdk-client-wasm");
  assert.equal(manifest.version, cargoVersion);
  assert.equal(packed.version, cargoVersion);
  assert.equal(manifest.type, "module");
  assert.deepEqual(manifest.exports["."], { types: "./index.d.ts", import: "./index.js" });
  assert.equal(Object.keys(manifest.exports["."])[0], "types", "`types` must come first");
  assert.deepEqual(manifest.exports["./element"], { types: "./element.d.ts", import: "./element.js" });
  assert.deepEqual(manifest.sideEffects, ["./index.js", "./element.js"]);
  assert.equal(manifest.license, "MIT");
  assert.ok(manifest.keywords.includes("webassembly") && manifest.keywords.length >= 5);
  assert.ok(!("dependencies" in manifest), "the package has no dependencies");
});

test("the tarball installs into a scratch app, whose TypeScript resolves its types", () => {
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "scratch-checkout", private: true, type: "module" }, null, 2));
  npm(["install", "--offline", join(work, packed.filename)], app);
  const installed = JSON.parse(readFileSync(join(app, "node_modules/connect-sdk-client-wasm/package.json"), "utf8"));
  assert.equal(installed.version, packed.version);

  // The consumer file of tests/types, resolved through node_modules and `exports`.
  copyFileSync(join(root, "tests/types/consumer.ts"), join(app, "consumer.ts"));
  for (const [name, resolution] of [["bundler", { module: "esnext", moduleResolution: "bundler" }],
    ["node16", { module: "node16", moduleResolution: "node16" }]]) {
    const config = {
      compilerOptions: { strict: true, noEmit: true, target: "es2022", lib: ["es2022", "dom"], types: [], skipLibCheck: false, ...resolution },
      files: ["consumer.ts"],
    };
    writeFileSync(join(app, `tsconfig.${name}.json`), JSON.stringify(config, null, 2));
    try {
      run(join(root, "node_modules/.bin/tsc"), ["-p", `tsconfig.${name}.json`, "--pretty", "false"], app);
    } catch (e) {
      assert.fail(`tsc (${name} resolution): ${e.stdout}${e.stderr}`);
    }
  }
});

const MAIN_JS = `// A page that uses the package as the README says: import, no initialisation call.
import { connect, Session } from "connect-sdk-client-wasm";

const out = document.getElementById("out");
const api = new URLSearchParams(location.search).get("api");
try {
  if (Session !== connect) throw new Error("Session is not connect");
  // Stands in for the merchant server's Create Session.
  const details = await (await fetch(api + "/_control/sessions", { method: "POST", body: "{}" })).json();
  const session = new connect(details);
  const fields = await session.getCustomerDetailsFields(9000, { totalAmount: 1000, countryCode: "SE", currency: "SEK" });
  const customer = await session.getCustomerDetails(9000, { countryCode: "SE", values: [{ key: "fiscalNumber", value: "012345678901" }] });
  // The element is a separate entry: importing the main one does not register it.
  const element = customElements.get("connect-address-lookup") !== undefined;
  out.textContent = JSON.stringify({ fields: fields.map((f) => f.id), customer, element });
  document.body.dataset.state = "done";
} catch (e) {
  out.textContent = String(e && e.name) + ": " + String(e && e.message);
  document.body.dataset.state = "failed";
}
`;
const page = (head) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>scratch checkout</title><link rel="icon" href="data:,">
${head}
<script type="module" src="./main.js"></script></head>
<body><pre id="out"></pre></body></html>
`;

test("vite build with no plugins, served, performs the seed lookup in Chromium", async (t) => {
  writeFileSync(join(app, "main.js"), MAIN_JS);
  writeFileSync(join(app, "index.html"), page(""));
  const vite = join(root, "node_modules/vite/bin/vite.js");
  const log = run(process.execPath, [vite, "build", "--logLevel", "warn"], app);
  assert.doesNotMatch(log, /error/i, log);
  const assets = readdirSync(join(app, "dist/assets"));
  const wasm = assets.filter((f) => f.endsWith(".wasm"));
  const js = assets.filter((f) => f.endsWith(".js"));
  assert.equal(wasm.length, 1, `one .wasm asset: ${assets}`);
  assert.equal(js.length, 1, `one .js chunk: ${assets}`);
  const bundle = readFileSync(join(app, "dist/assets", js[0]), "utf8");
  assert.ok(bundle.includes(wasm[0]), "the bundle locates the hashed .wasm asset");
  assert.doesNotMatch(bundle, /node_modules/);
  assert.doesNotMatch(bundle, /attachShadow|Hitta min adress/, "the main entry does not bundle the element");
  t.diagnostic(`vite: assets/${js[0]}: ${sizes(Buffer.from(bundle))}`);
  t.diagnostic(`vite: assets/${wasm[0]}: ${sizes(readFileSync(join(app, "dist/assets", wasm[0])))}`);

  const result = await openPage(join(app, "dist"), "/");
  assert.equal(result.state, "done", result.text);
  assert.deepEqual(result.value.fields, ["fiscalNumber"]);
  assert.equal(result.value.customer.firstName, "Gustav");
  assert.equal(result.value.customer.street, "Gustav Adolfs torg 22");
  assert.equal(result.value.customer.city, "Stockholm");
  assert.equal(result.value.element, false);
  assert.ok(result.requests.some((p) => p.endsWith(".wasm")), "the .wasm came from the static server");
});

test("the Vite dev server, no plugins or config, performs the seed lookup", async () => {
  writeFileSync(join(app, "main.js"), MAIN_JS);
  writeFileSync(join(app, "index.html"), page(""));
  const vite = spawn(process.execPath, [join(root, "node_modules/vite/bin/vite.js"), "--host", "127.0.0.1", "--port", "0"], {
    cwd: app,
    stdio: ["ignore", "pipe", "pipe"],
  });
  try {
    const url = await new Promise((ok, fail) => {
      let seen = "";
      const timer = setTimeout(() => fail(new Error(`vite dev did not start: ${seen}`)), 20000);
      vite.stdout.on("data", (chunk) => {
        seen += chunk;
        const m = seen.replace(/\x1b\[[0-9;]*m/g, "").match(/Local:\s+(http:\/\/127\.0\.0\.1:\d+)/);
        if (m) {
          clearTimeout(timer);
          ok(m[1]);
        }
      });
      vite.once("exit", (code) => fail(new Error(`vite dev exited ${code}: ${seen}`)));
    });
    const result = await openUrl(url, "/");
    assert.equal(result.state, "done", result.text);
    assert.equal(result.value.customer.firstName, "Gustav");
  } finally {
    vite.kill();
  }
});

test("a plain <script type=module> page (import map, no bundler) performs the seed lookup", async () => {
  writeFileSync(join(app, "main.js"), MAIN_JS);
  const importMap = { imports: { "connect-sdk-client-wasm": "./node_modules/connect-sdk-client-wasm/index.js" } };
  writeFileSync(join(app, "plain.html"), page(`<script type="importmap">${JSON.stringify(importMap)}</script>`));
  const result = await openPage(app, "/plain.html");
  assert.equal(result.state, "done", result.text);
  assert.equal(result.value.customer.firstName, "Gustav");
  assert.ok(result.requests.includes("/node_modules/connect-sdk-client-wasm/connect_sdk_client_wasm_bg.wasm"));
  assert.equal(result.value.element, false);
  assert.ok(!result.requests.some((p) => p.endsWith("/element.js")), "element.js is not loaded by the main entry");
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
const details = await (await fetch(api + "/_control/sessions", { method: "POST", body: "{}" })).json();
lookup.session = new connect(details);
`;

test("the element entry by its package path, in a plain page: it renders, masks and looks up", async () => {
  writeFileSync(join(app, "element.js"), ELEMENT_JS);
  const dir = "./node_modules/connect-sdk-client-wasm";
  const importMap = { imports: { "connect-sdk-client-wasm": `${dir}/index.js`, "connect-sdk-client-wasm/element": `${dir}/element.js` } };
  writeFileSync(join(app, "element.html"), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>element</title><link rel="icon" href="data:,">
<script type="importmap">${JSON.stringify(importMap)}</script>
<script type="module" src="./element.js"></script></head>
<body><connect-address-lookup product-id="9000" country="SE" amount="1000" currency="SEK" locale="sv_SE"></connect-address-lookup>
<pre id="out"></pre></body></html>
`);
  const server = await serveStatic({ "/": app });
  browser ??= await launch();
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    await tab.goto(`${server.url}/element.html?api=${encodeURIComponent(apiUrl())}`);
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

let browser;
after(() => browser?.close());

/** Serves `dir`, opens `path?api=…` in Chromium and reads the page's outcome. */
async function openPage(dir, path) {
  const server = await serveStatic({ "/": dir });
  try {
    return { ...(await openUrl(server.url, path)), requests: server.requests };
  } finally {
    await server.close();
  }
}

async function openUrl(base, path) {
  browser ??= await launch();
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    const problems = [];
    tab.on("pageerror", (e) => problems.push(String(e)));
    tab.on("console", (m) => ["error", "warning"].includes(m.type()) && problems.push(m.text()));
    await tab.goto(`${base}${path}?api=${encodeURIComponent(apiUrl())}`);
    await tab.waitForSelector("body[data-state]", { timeout: 20000 });
    const state = await tab.getAttribute("body", "data-state");
    const text = await tab.textContent("#out");
    assert.deepEqual(problems, []);
    return { state, text, value: state === "done" ? JSON.parse(text) : null };
  } finally {
    await context.close();
  }
}
