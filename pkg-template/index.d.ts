export * from "./connect_sdk_client_wasm.js";
export { connect as Session } from "./connect_sdk_client_wasm.js";
