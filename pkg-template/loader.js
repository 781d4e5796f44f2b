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

function wasmBytes() {
  const bytes = new Uint8Array(WASM.length);
  for (let i = 0; i < WASM.length; i++) bytes[i] = WASM.charCodeAt(i);
  return bytes;
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
      initSync({ module });
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
