// Entry module of the npm package: instantiates the WebAssembly module once, on import,
// so `import { connect } from "connect-sdk-client-wasm"` needs no initialisation call.
// The wasm file is located next to this module with `new URL(..., import.meta.url)`,
// which browsers resolve as is and bundlers (Vite, webpack, Rollup) turn into an asset.
import init, { connect, applyMask, removeMask } from "./connect_sdk_client_wasm.js";

await init({ module_or_path: new URL("./connect_sdk_client_wasm_bg.wasm", import.meta.url) });

export { connect, applyMask, removeMask };
/** Alias for code moving from `connect-sdk-client-js`, where the class is `Session`. */
export { connect as Session };
