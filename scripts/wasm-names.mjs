// The function names of a compiled `WebAssembly.Module`, from its name section (subsection 1), by function
// index; empty when it has none. Used by scripts/order-functions.mjs (which writes them
// back with each function's rank) and by bench/run.mjs (which names the profile's wasm
// frames with them).
export function functionNames(module) {
  const names = new Map();
  const [section] = WebAssembly.Module.customSections(module, "name");
  if (!section) return names;
  const b = new Uint8Array(section);
  let i = 0;
  const leb = () => {
    let x = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = b[i++];
      x += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return x;
    }
  };
  while (i < b.length) {
    const id = b[i++];
    const size = leb();
    const end = i + size;
    if (id === 1) {
      for (let n = leb(); n > 0; n--) {
        const index = leb();
        const len = leb();
        names.set(index, new TextDecoder().decode(b.subarray(i, i + len)));
        i += len;
      }
    }
    i = end;
  }
  return names;
}
