// The shipped TypeScript types of pkg/ (build it first: scripts/build-pkg.sh).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import ts from "typescript";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const pkg = join(root, "pkg");
const tsc = join(root, "node_modules/.bin/tsc");
// wasm-bindgen's loader API, which index.js keeps to itself.
const LOADER = new Set(["InitInput", "InitOutput", "SyncInitInput", "initSync", "default"]);
// What index.d.ts adds to the generated declarations: the alias and the loader's `ready`.
const ENTRY_ONLY = new Set(["Session", "ready"]);

function runTsc(project) {
  const r = spawnSync(tsc, ["-p", project, "--pretty", "false"], { cwd: root, encoding: "utf8" });
  return { status: r.status, output: (r.stdout + r.stderr).trim() };
}

test("consumer.ts type-checks with tsc --noEmit --strict against pkg/, wrong usage rejected", () => {
  const consumer = readFileSync(join(root, "tests/types/consumer.ts"), "utf8");
  // The wrong usages the package must keep rejecting (an unused directive fails tsc).
  assert.match(consumer, /@ts-expect-error: the product id is a number, not a string\n\s*session\.getCustomerDetails\("9000"/);
  assert.match(consumer, /@ts-expect-error: the request needs a countryCode\n/);
  const { status, output } = runTsc("tests/types");
  assert.equal(status, 0, output);
});

test("the TypeScript examples of the package README type-check", () => {
  const readme = readFileSync(join(pkg, "README.md"), "utf8");
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.ok(blocks.length > 0, "no ```ts block in pkg/README.md");
  const dir = join(root, "target/types-readme");
  mkdirSync(dir, { recursive: true });
  // What the examples leave to the page.
  const prelude = [
    'import type { CustomerDetails, SessionDetails } from "connect-sdk-client-wasm";',
    "declare const sessionDetails: SessionDetails;",
    "declare function fillAddressForm(customer: CustomerDetails): void;",
    "declare function markField(fieldId: string | undefined, rule: string | undefined): void;",
    "declare function showNotFound(): void;",
    "declare function showTryAgain(): void;",
  ].join("\n");
  blocks.forEach((code, i) => writeFileSync(join(dir, `example${i}.ts`), `${prelude}\n${code}\nexport {};\n`));
  const base = JSON.parse(readFileSync(join(root, "tests/types/tsconfig.json"), "utf8").replace(/^\s*\/\/.*$/gm, ""));
  base.compilerOptions.paths = {
    "connect-sdk-client-wasm": [relative(dir, join(pkg, "index.d.ts"))],
    "connect-sdk-client-wasm/element": [relative(dir, join(pkg, "element.d.ts"))],
  };
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: base.compilerOptions, files: blocks.map((_, i) => `example${i}.ts`) }, null, 2),
  );
  const { status, output } = runTsc(relative(root, dir));
  assert.equal(status, 0, output);
});

let cached;
function program() {
  if (cached) return cached;
  const options = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    types: [],
  };
  cached = ts.createProgram([join(pkg, "index.d.ts"), join(pkg, "element.d.ts")], options);
  return cached;
}

/** Top-level exported names of a declaration file. */
function exportedNames(file) {
  const names = new Set();
  const exported = (node) => ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Export;
  for (const node of file.statements) {
    if (ts.isExportDeclaration(node) && node.exportClause && ts.isNamedExports(node.exportClause)) {
      node.exportClause.elements.forEach((e) => names.add(e.name.text));
    } else if (ts.isExportAssignment(node)) {
      names.add("default");
    } else if (ts.isFunctionDeclaration(node) && exported(node)) {
      names.add(ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Default ? "default" : node.name.text);
    } else if ((ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isClassDeclaration(node) ||
      ts.isEnumDeclaration(node)) && exported(node)) {
      names.add(node.name.text);
    } else if (ts.isVariableStatement(node) && exported(node)) {
      node.declarationList.declarations.forEach((d) => names.add(d.name.getText(file)));
    }
  }
  return names;
}

test("index.d.ts exports every public declaration of the generated .d.ts, and not the loader", () => {
  const p = program();
  const generated = exportedNames(p.getSourceFile(join(pkg, "connect_sdk_client_wasm.d.ts")));
  const entry = exportedNames(p.getSourceFile(join(pkg, "index.d.ts")));
  const publicNames = [...generated].filter((n) => !LOADER.has(n)).sort();
  assert.deepEqual([...entry].filter((n) => !ENTRY_ONLY.has(n)).sort(), publicNames,
    "pkg-template/index.d.ts must re-export exactly the public declarations");
  assert.ok(entry.has("Session") && entry.has("connect"));
  for (const name of ["applyMask", "removeMask", "MaskedValue"]) assert.ok(entry.has(name), `${name} must be exported`);
  for (const name of LOADER) assert.ok(!entry.has(name), `${name} must not be exported`);
});

test("no `any` in the connect class, the element, or any type they take or give", () => {
  const p = program();
  const diagnostics = ts.getPreEmitDiagnostics(p).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  assert.deepEqual(diagnostics, [], "the shipped .d.ts does not compile on its own");
  const checker = p.getTypeChecker();
  const entries = ["index.d.ts", "element.d.ts"].map((f) => p.getSourceFile(join(pkg, f)));
  const inPkg = (node) => resolve(node.getSourceFile().fileName).startsWith(pkg + "/");
  const seen = new Set();
  const found = [];
  const walk = (node, owner) => {
    if (node.kind === ts.SyntaxKind.AnyKeyword) {
      let member = node.parent;
      while (member && !ts.getNameOfDeclaration(member)) member = member.parent;
      found.push(`${owner}.${ts.getNameOfDeclaration(member)?.getText() ?? "?"}: ${member?.getText() ?? "any"}`);
    }
    if (ts.isTypeReferenceNode(node) || ts.isExpressionWithTypeArguments(node)) {
      const target = node.typeName ?? node.expression;
      let symbol = checker.getSymbolAtLocation(target);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      for (const decl of symbol?.declarations ?? []) visit(decl);
    }
    ts.forEachChild(node, (child) => walk(child, owner));
  };
  const visit = (decl) => {
    if (seen.has(decl) || !inPkg(decl)) return;
    seen.add(decl);
    walk(decl, ts.getNameOfDeclaration(decl)?.getText() ?? "?");
  };
  for (const entry of entries) {
    for (const symbol of checker.getExportsOfModule(checker.getSymbolAtLocation(entry))) {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      for (const decl of target.declarations ?? []) visit(decl);
    }
  }
  assert.ok(seen.size >= 15, `only ${seen.size} declarations reached from index.d.ts`);
  assert.deepEqual(found, [], "public types must not use `any`");
});

test("the browser module and the Node entry export exactly the values index.d.ts declares", async () => {
  const p = program();
  const checker = p.getTypeChecker();
  const entry = p.getSourceFile(join(pkg, "index.d.ts"));
  const values = checker.getExportsOfModule(checker.getSymbolAtLocation(entry))
    .filter((s) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s).flags & ts.SymbolFlags.Value)
    .map((s) => s.name).sort();
  assert.ok(values.includes("connect") && values.includes("ready"), values.join());
  const browser = await import(join(pkg, "index.js"));
  assert.deepEqual(Object.keys(browser).sort(), values, "pkg/index.js");
  const node = createRequire(import.meta.url)(join(pkg, "node.cjs"));
  assert.deepEqual(Object.keys(node).sort(), values, "pkg/node.cjs");
});
