// The npm package as a front-end developer gets it: `npm pack` pkg/, install the tarball
// into a scratch app under target/ and type-check against it. tests/e2e/bundlers.test.mjs
// builds and runs apps from the same install.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { root, pkg, scratch, run, sizes, installPackage, app as appDir } from "./scratch.mjs";

const FILES = [
  "LICENSE",
  "README.md",
  "connect_sdk_client_wasm.d.ts",
  "element.d.ts",
  "element.js",
  "index.d.ts",
  "index.js",
  "node.cjs",
  "package.json",
];

let packed;

before(() => {
  packed = installPackage();
});

test("npm pack lists only what belongs in the package", (t) => {
  assert.deepEqual(packed.files.map((f) => f.path).sort(), FILES);
  t.diagnostic(`tarball ${packed.filename}: ${packed.size} B packed, ${packed.unpackedSize} B unpacked, ${packed.entryCount} files`);
  for (const f of packed.files) t.diagnostic(`  ${f.path}: ${f.size} B`);
  t.diagnostic(`index.js (the one module a page loads, wasm inlined): ${sizes(readFileSync(join(pkg, "index.js")))}`);
  t.diagnostic(`element.js (connect-sdk-client-wasm/element): ${sizes(readFileSync(join(pkg, "element.js")))}`);
});

test("package.json: name, Cargo's version, exports with types, a Node entry, side effects only in element.js", () => {
  const manifest = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8"));
  const cargoVersion = readFileSync(join(root, "Cargo.toml"), "utf8").match(/^version = "([^"]+)"/m)[1];
  assert.equal(manifest.name, "connect-sdk-client-wasm");
  assert.equal(manifest.version, cargoVersion);
  assert.equal(packed.version, cargoVersion);
  assert.equal(manifest.type, "module");
  assert.deepEqual(manifest.exports["."], { types: "./index.d.ts", node: "./node.cjs", default: "./index.js" });
  assert.equal(Object.keys(manifest.exports["."])[0], "types", "`types` must come first");
  assert.deepEqual(manifest.exports["./element"], { types: "./element.d.ts", import: "./element.js" });
  assert.deepEqual(manifest.sideEffects, ["./element.js"], "importing the main entry does nothing; the element entry registers the element");
  assert.equal(manifest.license, "MIT");
  assert.ok(manifest.keywords.includes("webassembly") && manifest.keywords.length >= 5);
  assert.ok(!("dependencies" in manifest), "the package has no dependencies");
});

test("the tarball installs into a scratch app, whose TypeScript resolves its types", () => {
  const installed = JSON.parse(readFileSync(join(scratch, "node_modules/connect-sdk-client-wasm/package.json"), "utf8"));
  assert.equal(installed.version, packed.version);
  const app = appDir("types", { "package.json": JSON.stringify({ name: "scratch-types", private: true, type: "module" }) });

  // The consumer file of tests/types, resolved through node_modules and `exports`.
  copyFileSync(join(root, "tests/types/consumer.ts"), join(app, "consumer.ts"));
  for (const [name, resolution] of [["bundler", { module: "esnext", moduleResolution: "bundler" }],
    ["node16", { module: "node16", moduleResolution: "node16" }], ["nodenext", { module: "nodenext", moduleResolution: "nodenext" }]]) {
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

