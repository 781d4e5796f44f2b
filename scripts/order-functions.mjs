// Orders the wasm's functions for gzip: `node scripts/order-functions.mjs IN.wasm OUT.wasm`.
// gzip (deflate) finds repeats only within 32 KiB, and a function's body compresses best
// right after bodies like it. Greedily from the first, the next function is the one whose
// body adds the fewest deflated bytes after the last CONTEXT bytes placed. The order is
// written into the name section (each defined function's name gets its rank as a prefix;
// IN must have function names: wasm-opt -g); `wasm-opt --reorder-functions-by-name` then moves the
// bodies and renumbers every call (scripts/lib.sh optimise_wasm). Deterministic: the same
// IN gives the same order.
import { readFileSync, writeFileSync } from "node:fs";
import { deflateRawSync } from "node:zlib";
import { functionNames } from "./wasm-names.mjs";

const [inPath, outPath] = process.argv.slice(2);
if (!outPath) throw new Error("usage: node scripts/order-functions.mjs IN.wasm OUT.wasm");
const wasm = readFileSync(inPath);

function leb(at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = wasm[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}
function lebBytes(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

// The names and the count of imported functions (which come first in the index space),
// from the module compiled by Node; then the sections, and the code section's bodies.
const module = new WebAssembly.Module(wasm);
const names = functionNames(module);
if (names.size === 0) throw new Error("order-functions: the wasm has no function names (run wasm-opt with -g)");
const imported = WebAssembly.Module.imports(module).filter((i) => i.kind === "function").length;
const bodies = [];
const sections = [];
for (let at = 8; at < wasm.length; ) {
  const start = at;
  const id = wasm[at++];
  const [size, body] = leb(at);
  at = body + size;
  const [nameLen, nameAt] = id === 0 ? leb(body) : [0, body];
  sections.push({ start, end: at, isNames: id === 0 && wasm.toString("utf8", nameAt, nameAt + nameLen) === "name" });
  if (id === 10) {
    let [count, p] = leb(body);
    for (let i = 0; i < count; i++) {
      const [len, q] = leb(p);
      bodies.push(wasm.subarray(p, q + len));
      p = q + len;
    }
  }
}

// The greedy order of the defined functions: after each one placed, the one that adds
// the fewest deflated bytes to the last CONTEXT bytes placed.
// Measured on this SDK's wasm (index.js gzip -9 -n, 2026-11-30): 1,000 bytes of context gave
// 40,631 B in 3 s; 300: 40,759; 600: 40,706; 2,000: 40,680; 8,000: 40,698 in 16 s;
// 16,000: 40,692 in 37 s. Unordered: 41,169.
const CONTEXT = 1000;
const size = (b) => deflateRawSync(b, { level: 9 }).length;
const alone = bodies.map(size);
const left = new Set(bodies.keys());
const order = [0];
left.delete(0);
let placed = Buffer.from(bodies[0]);
while (left.size > 0) {
  const context = placed.subarray(Math.max(0, placed.length - CONTEXT));
  const base = size(context);
  let best = -1;
  let bestCost = Infinity;
  for (const k of left) {
    const cost = size(Buffer.concat([context, bodies[k]])) - base - alone[k];
    if (cost < bestCost) [best, bestCost] = [k, cost];
  }
  left.delete(best);
  order.push(best);
  placed = Buffer.concat([context, bodies[best]]);
}

// A name section of function names only: imports keep theirs; each defined function's
// name starts with its rank, so sorting by name gives the order.
const entries = [];
for (let i = 0; i < imported; i++) entries.push([i, names.get(i) ?? `import${i}`]);
const width = String(order.length).length;
order.forEach((k, rank) => {
  const index = imported + k;
  entries.push([index, `${String(rank).padStart(width, "0")}:${names.get(index) ?? index}`]);
});
const subsection = [...lebBytes(entries.length)];
for (const [index, name] of entries) {
  const bytes = Buffer.from(name, "utf8");
  subsection.push(...lebBytes(index), ...lebBytes(bytes.length), ...bytes);
}
const content = [4, ...Buffer.from("name"), 1, ...lebBytes(subsection.length), ...subsection];
const nameSection = Buffer.from([0, ...lebBytes(content.length), ...content]);
const kept = sections.filter((s) => !s.isNames).map((s) => wasm.subarray(s.start, s.end));
writeFileSync(outPath, Buffer.concat([wasm.subarray(0, 8), ...kept, nameSection]));
console.log(`order-functions: ${bodies.length} functions ordered for gzip (${imported} imports)`);
