// The package as Node sees it (export condition "node"): server-side rendering (Next.js,
// Nuxt, SvelteKit, Remix, Astro), Jest or Vitest in a Node environment, scripts. The SDK
// talks to the Client API from the shopper's browser, so here it does not pretend to work:
// importing (or `require`) succeeds with no side effect, `new connect(...)` succeeds so a
// server render that constructs a session does not crash, and every call refuses with a
// ConnectLoadError (`errors[0].id` "NOT_A_BROWSER") that says so: the methods and `ready`
// reject, the getters, `clearCache`, `applyMask` and `removeMask` throw.
"use strict";

function notABrowser() {
  const error = new Error(
    "connect-sdk-client-wasm runs in browsers: this is Node (a server render, a test runner or a script). Call it from the page, in the browser.",
  );
  error.name = "ConnectLoadError";
  error.status = 0;
  error.errors = [{ code: "LOAD_ERROR", id: "NOT_A_BROWSER", category: "CLIENT_SDK" }];
  return error;
}
const refuse = () => Promise.reject(notABrowser());
const refuseNow = () => {
  throw notABrowser();
};

class connect {
  getCustomerDetails() {
    return refuse();
  }
  getCustomerDetailsFields() {
    return refuse();
  }
  getPaymentProduct() {
    return refuse();
  }
  clearCache() {
    refuseNow();
  }
  get clientApiUrl() {
    return refuseNow();
  }
  get assetUrl() {
    return refuseNow();
  }
  free() {}
}
if (Symbol.dispose) connect.prototype[Symbol.dispose] = connect.prototype.free;

exports.connect = connect;
exports.Session = connect;
exports.ready = refuse;
exports.applyMask = refuseNow;
exports.removeMask = refuseNow;
