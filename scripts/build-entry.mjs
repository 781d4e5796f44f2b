// Makes the package's one browser module, pkg/index.js: wasm-bindgen's JS glue without its
// loaders (initSync, and the fetch-based one whose `new URL("…_bg.wasm", import.meta.url)`
// esbuild, Rollup and Next.js could not follow) and without its exports, then pkg-template/loader.js,
// minified, with the optimised wasm inlined as a JS string of one character per byte.
// The wasm's import, export and module names have been minified by wasm-opt
// (--minify-imports-and-exports-and-modules); <names.json> is the renaming it printed,
// applied here to the glue.
//
//   node scripts/build-entry.mjs <glue.js> <minified.wasm> <names.json> <out.js> [--keep-names]
//
// --keep-names minifies whitespace and syntax but keeps every identifier, so that a CPU
// profile names the glue's functions (scripts/bench.sh --profile); the package never uses it.
// Fails loudly if the glue is not shaped as wasm-bindgen 0.2.130 writes it.
import { readFileSync, writeFileSync } from "node:fs";

const [gluePath, wasmPath, namesPath, outPath, option] = process.argv.slice(2);
if (!outPath || (option !== undefined && option !== "--keep-names")) {
  throw new Error("usage: node scripts/build-entry.mjs <glue.js> <minified.wasm> <names.json> <out.js> [--keep-names]");
}
const keepNames = option === "--keep-names";

let glue = readFileSync(gluePath, "utf8").replace(/^\/\* @ts-self-types=.*\*\/\n/m, "");

// Cuts the text from `from` up to (not including) `to`, which must each occur once.
function cut(from, to) {
  const start = glue.indexOf(from);
  const end = to === null ? glue.length : glue.indexOf(to, start);
  if (start < 0 || end < 0 || glue.indexOf(from, start + 1) >= 0) {
    throw new Error(`build-entry: the glue no longer has one \`${from}\` before \`${to}\``);
  }
  glue = glue.slice(0, start) + glue.slice(end);
}
// Also its initSync: the loader instantiates the module itself (always a compiled
// `WebAssembly.Module`, once), so initSync's argument forms and its warning are dead code.
cut("async function __wbg_load(", null);
if (!glue.includes("function __wbg_finalize_init(instance, module)") || !glue.includes("function __wbg_get_imports()")) {
  throw new Error("build-entry: the glue no longer has __wbg_finalize_init(instance, module) and __wbg_get_imports()");
}
if (/import\.meta|fetch\(module_or_path/.test(glue)) throw new Error("build-entry: the glue still loads the wasm itself");

const names = JSON.parse(readFileSync(namesPath, "utf8"));

// The glue under the wasm's minified names: the keys of its import object (one module,
// `"./…_bg.js": import0`), and every `wasm.<export>`.
const modules = new Set(WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(wasmPath))).map((i) => i.module));
if (modules.size !== 1) throw new Error(`build-entry: expected one import module, found ${[...modules].join(", ")}`);
const [module] = modules;
for (const [from, name, short] of names.imports) {
  const key = new RegExp(`^(\\s+)${name}: function\\(`, "gm");
  if ((glue.match(key) ?? []).length !== 1) throw new Error(`build-entry: the glue has no one import \`${name}\``);
  glue = glue.replace(key, (_, indent) => `${indent}"${short}": function(`);
  if (!glue.includes(`"${from}": import0,`)) throw new Error(`build-entry: the glue has no import module \`${from}\``);
}
glue = glue.replace(/"[^"]+": import0,/, () => `"${module}": import0,`);
const exportNames = new Map(names.exports);
const shortNames = new Set(exportNames.values());
glue = glue.replace(/\bwasm\.([\w$]+)/g, (all, name) => {
  const short = exportNames.get(name);
  if (short === undefined) throw new Error(`build-entry: the glue uses \`wasm.${name}\`, which the wasm does not export`);
  return `wasm.${short}`;
});
if (/__wbg_\w+_[0-9a-f]{16}\b/.test(glue) || [...glue.matchAll(/\bwasm\.([\w$]+)/g)].some(([, n]) => !shortNames.has(n))) {
  throw new Error("build-entry: a long wasm name is left in the glue");
}

// The glue's exports become module-local: the loader exports guarded versions.
const exported = [];
glue = glue.replace(/^export (class|function) (\w+)/gm, (_, kind, name) => {
  exported.push(name);
  return `${kind} ${name}`;
});
if (!exported.includes("connect") || /^export /m.test(glue)) {
  throw new Error(`build-entry: unexpected exports in the glue: ${exported.join(", ")}`);
}

// One character per byte: byte ^ WASM_XOR, as itself. Characters 0x80-0xFF become 2-byte
// UTF-8 (module scripts are always UTF-8), and only the four that cannot stand in a string
// literal are escaped. Every byte keeps one fixed spelling, so gzip and brotli compress
// this almost as well as the binary (base64 or \xNN escapes would cost 15-25% more). The
// XOR moves the wasm's bytes to other characters, some of them cheaper for gzip: of all
// 256 values tried on this SDK's wasm (2026-11-30), 111 gave the smallest index.js,
// 216 B gzip -9 below no XOR. loader.js's FOLD and its fallback loop undo the same value.
const WASM_XOR = 111;
const ESCAPES = { 0x22: '\\"', 0x5c: "\\\\", 0x0a: "\\n", 0x0d: "\\r" };
let inline = "";
for (const byte of readFileSync(wasmPath)) {
  const code = byte ^ WASM_XOR;
  inline += ESCAPES[code] ?? String.fromCharCode(code);
}

const loader = readFileSync(new URL("../pkg-template/loader.js", import.meta.url), "utf8");
if (loader.split('"__WASM_BYTES__"').length !== 2) throw new Error("build-entry: loader.js needs one \"__WASM_BYTES__\"");
if (!loader.includes(`charCodes(WASM, ${WASM_XOR})`) || !loader.includes("A\\xef\\x00s:")) {
  throw new Error(`build-entry: loader.js must undo the same XOR (${WASM_XOR}) in FOLD and in its fallback loop`);
}
const functions = exported.filter((name) => name !== "connect");
// Free functions exported by the crate get the same guard as the constructor.
const guarded = functions
  .map((name) => `const guarded_${name} = (...args) => (load(), ${name}(...args));\nexport { guarded_${name} as ${name} };\n`)
  .join("");
// Minified by esbuild (a page without a bundler loads this file as it is; a bundler
// minifies again at no loss). The wasm's bytes go in afterwards, so no tool rewrites them.
const { transformSync } = await import("esbuild");
const { code } = transformSync(glue + "\n" + loader + guarded, {
  format: "esm",
  target: "es2020",
  minifyWhitespace: true,
  minifySyntax: true,
  minifyIdentifiers: !keepNames,
  charset: "utf8",
  legalComments: "none",
});
if (code.split('"__WASM_BYTES__"').length !== 2) throw new Error("build-entry: the minified module lost the wasm's placeholder");
const banner = "// connect-sdk-client-wasm: wasm-bindgen's glue and pkg-template/loader.js, minified, with the wasm inlined (scripts/build-entry.mjs)\n";
writeFileSync(outPath, banner + code.replace('"__WASM_BYTES__"', () => `"${inline}"`));
// The inlined bytes must still be the module: compile it from the written file.
const { pathToFileURL } = await import("node:url");
await (await import(pathToFileURL(outPath).href)).ready();
console.log(`build-entry: ${outPath} (${exported.join(", ")} exported; wasm inlined and compiled back)`);
