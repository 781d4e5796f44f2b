// ---- connect-sdk-client-wasm entry (pkg-template/loader.js) ----
// scripts/build-entry.mjs appends this to wasm-bindgen's JS glue, minus the glue's
// fetch-based loader, and puts the optimised wasm in WASM below as a JS string (one
// character per byte: see scripts/build-entry.mjs). So the package is one module with no
// asset URL for a bundler to resolve, and importing it does nothing that can fail: the
// wasm is compiled on first use (synchronously, so `new connect(...)` stays synchronous
// and still throws ConnectInputError), or ahead of time off the main thread by `ready()`.
// A failure to compile or instantiate (a CSP without 'wasm-unsafe-eval', WebAssembly
// disabled as in Safari's Lockdown Mode) becomes a ConnectLoadError, on every use.

const WASM = "__WASM_BYTES__";

// undefined: not tried yet; true: loaded; otherwise the reason it could not load.
let loaded;
let compiling;

// The module's bytes from WASM. A JS loop over its 90-odd thousand characters costs a
// good part of a cold start (it runs once, so it runs interpreted); instead TextEncoder
// writes WASM as UTF-8 into the memory of FOLD, a 123-byte wasm function that folds each
// two-byte sequence (characters 0x80-0xFF) back into its character in place, undoes the
// XOR with 111 that scripts/build-entry.mjs spelt each byte with, and returns the length. Its text:
//   (module (memory (export "m") 0)
//     (func (export "f") (param $len i32) (result i32) (local $in i32) (local $out i32) (local $b i32)
//       (block (loop
//         (br_if 1 (i32.ge_u (local.get $in) (local.get $len)))
//         (i32.store8 (local.get $out) (i32.xor (i32.const 111)
//           (if (result i32) (i32.lt_u (local.tee $b (i32.load8_u (local.get $in))) (i32.const 128))
//             (then (local.get $b))
//             (else (i32.or (i32.shl (i32.and (local.get $b) (i32.const 3)) (i32.const 6))
//                           (i32.and (i32.load8_u (local.tee $in (i32.add (local.get $in) (i32.const 1)))) (i32.const 63)))))))
//         (local.set $out (i32.add (local.get $out) (i32.const 1)))
//         (local.set $in (i32.add (local.get $in) (i32.const 1)))
//         (br 0)))
//       (local.get $out)))
// Where it cannot run (no WebAssembly, or a CSP without 'wasm-unsafe-eval'), the loop does
// the work, and compiling the module itself then says why the SDK cannot load.
const FOLD =
  "\x00asm\x01\x00\x00\x00\x01\x06\x01`\x01\x7f\x01\x7f\x03\x02\x01\x00\x05\x03\x01\x00\x00\x07\x09\x02\x01m\x02\x00\x01f\x00\x00\x0aU\x01S\x01\x03\x7f\x02@\x03@ \x01 \x00O\x0d\x01 \x02 \x01-\x00\x00\x22\x03A\x80\x01I\x04\x7f \x03\x05 \x03A\x03qA\x06t \x01A\x01j\x22\x01-\x00\x00A?qr\x0bA\xef\x00s:\x00\x00 \x02A\x01j!\x02 \x01A\x01j!\x01\x0c\x00\x0b\x0b \x02\x0b";

function charCodes(text, xor) {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) ^ xor;
  return bytes;
}

function wasmBytes() {
  try {
    const { m, f } = new WebAssembly.Instance(new WebAssembly.Module(charCodes(FOLD, 0))).exports;
    m.grow((2 * WASM.length + 65535) >> 16);
    const { written } = new TextEncoder().encodeInto(WASM, new Uint8Array(m.buffer));
    return new Uint8Array(m.buffer, 0, f(written));
  } catch {
    return charCodes(WASM, 111);
  }
}

function loadError(reason) {
  const detail = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason);
  const error = new Error(`connect-sdk-client-wasm could not load its WebAssembly module (${detail})`, { cause: reason });
  error.name = "ConnectLoadError";
  error.status = 0;
  error.errors = [{ code: "LOAD_ERROR", id: "WASM_UNAVAILABLE", category: "CLIENT_SDK" }];
  return error;
}

function finish(module) {
  if (loaded === undefined) {
    try {
      __wbg_finalize_init(new WebAssembly.Instance(module, __wbg_get_imports()), module);
      loaded = true;
    } catch (reason) {
      loaded = reason;
    }
  }
}

// Loads the module now if it is not loaded yet; throws a fresh ConnectLoadError if it
// cannot be (now or at an earlier try).
function load() {
  if (loaded === undefined) {
    try {
      finish(new WebAssembly.Module(wasmBytes()));
    } catch (reason) {
      loaded = reason;
    }
  }
  if (loaded !== true) throw loadError(loaded);
}

/**
 * Resolves once the SDK can be used, compiling its WebAssembly off the main thread
 * if it is not compiled yet; rejects with a `ConnectLoadError` if it cannot load.
 * Optional: the first `new connect(...)` loads it anyway.
 */
function ready() {
  if (loaded === undefined) {
    compiling ??= Promise.resolve()
      .then(() => WebAssembly.compile(wasmBytes()))
      .then(finish, (reason) => {
        loaded ??= reason;
      });
    return compiling.then(load);
  }
  return new Promise((resolve) => resolve(load()));
}

// The exported class: wasm-bindgen's `connect`, loading the module before its
// constructor runs. Its methods need no guard: they exist only on constructed sessions.
class GuardedConnect extends connect {
  constructor(sessionDetails, options) {
    load();
    super(sessionDetails, options);
  }
}
Object.defineProperty(GuardedConnect, "name", { value: "connect" });

export { GuardedConnect as connect, GuardedConnect as Session, ready };
