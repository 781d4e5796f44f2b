// A checkout page meeting an SDK that cannot load (tests/e2e/load-failure.test.mjs):
// ?case=csp is served with a CSP without 'wasm-unsafe-eval'; ?case=nowasm has no
// WebAssembly at all (as in Safari's Lockdown Mode); ?case=offline loses the network after
// the page loaded. The page's own script must go on; what it sees goes to window.result.
const params = new URLSearchParams(location.search);
const describe = (e) => ({
  isError: e instanceof Error,
  name: e?.name,
  status: e?.status,
  errors: e?.errors,
  message: String(e?.message),
});
const attempt = (f) => {
  try {
    f();
    return "ok";
  } catch (e) {
    return describe(e);
  }
};
const settle = (p) => p.then(() => "resolved", describe);
const details = (api) => ({
  clientSessionId: "0123456789abcdef0123456789abcdef",
  customerId: "1234-load-failure",
  clientApiUrl: api,
  assetUrl: api + "/assets/",
});
const result = { uncaught: [] };
window.addEventListener("error", (e) => result.uncaught.push(String(e.message)));
window.addEventListener("unhandledrejection", (e) => result.uncaught.push("unhandled: " + String(e.reason?.name)));

if (params.get("case") === "nowasm") delete globalThis.WebAssembly;
let sdk;
try {
  sdk = await import("/pkg/index.js");
  result.imported = true;
} catch (e) {
  result.imported = describe(e);
}
// The page's script goes on whatever the SDK did.
result.scriptWentOn = true;

async function use(api) {
  const out = {};
  out.first = attempt(() => new sdk.connect(details(api)));
  out.second = attempt(() => new sdk.connect(details(api)));
  out.ready = await settle(sdk.ready());
  if (out.first === "ok") {
    const session = new sdk.connect(details(api));
    const request = { countryCode: "SE", values: [{ key: "fiscalNumber", value: "012345678901" }] };
    out.call = await settle(session.getCustomerDetails(9000, request, { timeoutMs: 5000 }));
  }
  return out;
}

window.useSdk = async (api) => {
  Object.assign(result, await use(api));
  return result;
};
document.getElementById("out").textContent = "imported";
document.body.dataset.state = "imported";
