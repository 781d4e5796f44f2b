// JavaScript side of the browser tests: talks to the local Client API's control routes
// and calls the SDK exactly as a checkout page would, reporting what the page sees.

export async function newSession(api, customerId) {
  const body = customerId === undefined ? {} : { customerId };
  const r = await fetch(api + "/_control/sessions", { method: "POST", body: JSON.stringify(body) });
  if (r.status !== 201) throw new Error("control: session not created: " + r.status);
  const details = await r.json();
  registerSecret(details.clientSessionId);
  return details;
}

export async function queueFaults(api, customerId, faults) {
  const r = await fetch(api + "/_control/sessions/" + encodeURIComponent(customerId) + "/faults", {
    method: "POST",
    body: JSON.stringify(faults),
  });
  if (r.status !== 200) throw new Error("control: faults not queued: " + r.status);
}

export async function recorded(api, customerId) {
  const r = await fetch(api + "/_control/sessions/" + encodeURIComponent(customerId) + "/requests");
  return r.json();
}

// Calls `session.getCustomerDetails(...args)` and describes the outcome as a page sees it.
export async function lookup(session, ...args) {
  registerRequest(args[1]);
  const p = session.getCustomerDetails(...args);
  return settle(p);
}

export async function settle(p) {
  const out = { isPromise: p instanceof Promise };
  try {
    out.value = await p;
    out.ok = true;
  } catch (e) {
    out.ok = false;
    out.error = e;
    out.isError = e instanceof Error;
  }
  return out;
}

// Calls with an AbortSignal that aborts after `ms` (or before the call when ms < 0).
export async function lookupAborted(session, id, request, ms) {
  const c = new AbortController();
  if (ms < 0) c.abort();
  else setTimeout(() => c.abort(), ms);
  return lookup(session, id, request, { signal: c.signal });
}

export function construct(ctor, ...args) {
  try {
    return { ok: true, value: new ctor(...args) };
  } catch (e) {
    return { ok: false, error: e, isError: e instanceof Error };
  }
}

export function decodeMeta(b64) {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

// Calls `session[method](...args)` and describes the outcome.
export async function invoke(session, method, ...args) {
  if (method === "getCustomerDetails") registerRequest(args[1]);
  return settle(session[method](...args));
}

// How many recorded requests used `method` (GET or POST).
export async function countMethod(api, customerId, method) {
  const log = await recorded(api, customerId);
  return log.requests.filter((r) => r.method === method).length;
}

// ---- Hostile conditions (tests/hostile.rs, issue 6) ------------------------------------

// Privacy: every console message and every uncaught error of the page is checked, when
// it happens, against the secrets the tests registered so far (session ids from
// `newSession`, lookup values from `lookup`/`invoke`, the matrices' strings). Messages
// still reach the real console. A secret is registered before the SDK ever sees it, so
// checking at log time misses nothing.
const SECRETS = new Set();
const LEAKS = [];
const UNCAUGHT = [];

export function registerSecret(s) {
  if (typeof s === "string" && s.length >= 5) SECRETS.add(s);
}

// Registers the submitted values of a getCustomerDetails request (whatever its shape).
function registerRequest(request) {
  try {
    for (const pair of request.values) registerSecret(pair.value);
  } catch {
    // Hostile shapes have nothing to register.
  }
}

function describeForScan(a) {
  try {
    if (a instanceof Error) return String(a.name) + ": " + String(a.message) + "\n" + String(a.stack) + JSON.stringify(a.errors ?? null);
    if (typeof a === "string") return a;
    return JSON.stringify(a) ?? String(a);
  } catch {
    try {
      return String(a);
    } catch {
      return "";
    }
  }
}

function scan(where, args) {
  const text = args.map(describeForScan).join(" ");
  for (const s of SECRETS) {
    if (text.includes(s)) LEAKS.push(where + " carries a secret starting " + JSON.stringify(s.slice(0, 6)));
  }
}

for (const level of ["log", "info", "warn", "error", "debug", "trace"]) {
  const original = console[level];
  if (typeof original !== "function") continue;
  console[level] = function (...args) {
    scan("console." + level, args);
    return original.apply(this, args);
  };
}
if (typeof addEventListener === "function") {
  addEventListener("error", (e) => {
    UNCAUGHT.push(String(e.message));
    scan("uncaught error", [e.message, e.error]);
  });
  addEventListener("unhandledrejection", (e) => {
    UNCAUGHT.push("unhandled rejection: " + describeForScan(e.reason).slice(0, 200));
    scan("unhandled rejection", [e.reason]);
  });
}

// Leaks seen so far, as short descriptions (never the secret itself).
export function consoleLeaks() {
  return LEAKS.slice();
}

// Uncaught errors and unhandled rejections seen so far (a JS exception that escaped the
// SDK's wasm, which the page would see in its error handler).
export function uncaughtErrors() {
  return UNCAUGHT.slice();
}

// Where a settled outcome (see `settle`) leaks `secrets` (strings) through the rejection:
// its message, stack, or SDK `errors` entries. Returns the places, empty when clean.
export function leaksOf(out, secrets) {
  if (!out || out.ok !== false || !(out.error instanceof Error)) return [];
  const e = out.error;
  const places = { message: String(e.message), stack: String(e.stack) };
  if (e.name !== "ConnectApiError") places.errors = JSON.stringify(e.errors ?? null);
  const found = [];
  for (const s of secrets) {
    if (typeof s !== "string" || s.length < 3) continue;
    for (const [where, text] of Object.entries(places)) if (text.includes(s)) found.push(where);
  }
  return found;
}

// `settle`, but a promise still pending after `ms` comes back as `{ hung: true }`, so a
// hang is an assertion failure rather than a stuck test run.
export async function settleWithin(p, ms) {
  let timer;
  const limit = new Promise((r) => (timer = setTimeout(() => r({ hung: true, isPromise: p instanceof Promise }), ms)));
  try {
    return await Promise.race([settle(p), limit]);
  } finally {
    clearTimeout(timer);
  }
}

// `invoke` bounded by `ms` (see `settleWithin`); a synchronous throw is reported as
// `{ threw: true, error }` instead of escaping.
export async function invokeWithin(session, method, ms, ...args) {
  let p;
  try {
    p = session[method](...args);
  } catch (e) {
    return { threw: true, ok: false, error: e, isError: e instanceof Error };
  }
  return settleWithin(p, ms);
}

async function control(api, customerId, what, body) {
  const url = api + "/_control/sessions/" + encodeURIComponent(customerId) + what;
  const r = await fetch(url, body === undefined ? {} : { method: "POST", body: JSON.stringify(body) });
  if (r.status !== 200) throw new Error("control " + what + ": " + r.status);
  return r.json();
}

async function requestCount(api, customerId) {
  return (await control(api, customerId, "/requests")).count;
}

// ---- Bad-input matrix ------------------------------------------------------------------

const ABSENT = Symbol("absent");
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
let oneMegabyte;

function throwingGetters(keys) {
  const o = {};
  for (const k of keys) Object.defineProperty(o, k, { get() { throw new Error("hostile getter"); }, enumerable: true });
  return o;
}

// Every documented property name, so a hostile object throws whichever one is read.
const ALL_KEYS = [
  "clientSessionId", "customerId", "clientApiUrl", "assetUrl", "timeoutMs", "cache", "signal",
  "countryCode", "values", "key", "value", "totalAmount", "currency", "locale", "isRecurring", "length", "0",
];

function throwingProxy(target = {}) {
  const boom = () => { throw new Error("hostile proxy"); };
  return new Proxy(target, {
    get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom,
    set: boom, defineProperty: boom, deleteProperty: boom, apply: boom, construct: boom,
  });
}

function revokedProxy(target = {}) {
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  return proxy;
}

// The hostile values tried at every parameter: [label, value]. `ABSENT` means the
// property is deleted (for whole arguments: not passed).
export function hostileValues() {
  oneMegabyte ??= "9".repeat(1 << 20);
  const boom = () => { throw new Error("hostile conversion"); };
  return [
    ["absent", ABSENT], ["undefined", undefined], ["null", null],
    ["0", 0], ["-0", -0], ["-1", -1], ["1.5", 1.5], ["NaN", NaN], ["Infinity", Infinity], ["-Infinity", -Infinity],
    ["2**53", 2 ** 53], ["Number.MAX_VALUE", Number.MAX_VALUE], ["Number.MIN_VALUE", Number.MIN_VALUE],
    ["true", true], ["false", false],
    ["{}", {}], ["[]", []], ["[1, 2]", [1, 2]], ["nested object", { a: { b: { c: [{}] } } }],
    ["Symbol", Symbol("hostile")], ["function", function hostile() {}], ["arrow function", () => 1], ["class", class Hostile {}],
    ["BigInt 9000n", 9000n], ["BigInt 0n", 0n],
    ["new String", new String("SE")], ["new Number", new Number(9000)], ["new Boolean", new Boolean(true)],
    ["Date", new Date(0)], ["RegExp", /x/], ["Promise", Promise.resolve(1)], ["Map", new Map([["countryCode", "SE"]])],
    ["Uint8Array", new Uint8Array(4)], ["Error", new Error("x")],
    ["empty string", ""], ["whitespace", " \t\n"], ["1 MB string", oneMegabyte],
    ["lone high surrogate", "ab\uD800cd"], ["lone low surrogate", "\uDC00"], ["reversed surrogate pair", "\uDC00\uD800"],
    ["NUL", "a\u0000b"], ["control characters", "\u0001\u001f\u007f"], ["CR LF", "a\r\nb"],
    ["RTL override", "\u202Eabc"], ["RTL mark", "\u200Fabc\u200E"], ["zero-width joiner", "a\u200Db"], ["BOM", "\uFEFFab"],
    ["emoji", "😀👩‍👩‍👧"], ["combining marks", "e\u0301\u0308"], ["Zalgo text", "Z\u0334\u0321\u0354a\u0336l\u0337g\u0338o"],
    ["CJK", "顧客番号"], ["U+2028", "a\u2028b"], ["noncharacters", "\uFFFF\uFFFE"],
    ["conversions throw", { toString: boom, valueOf: boom, toJSON: boom, [Symbol.toPrimitive]: boom }],
    ["getters throw", throwingGetters(ALL_KEYS)],
    ["Proxy throwing on every trap", throwingProxy()],
    ["revoked Proxy", revokedProxy()],
    ["Object.create(null)", Object.create(null)],
    ["prototype getters throw", Object.create(throwingGetters(ALL_KEYS))],
  ];
}

// Variants of a valid object argument: [label, value, accepted].
function objectVariants(base) {
  const keys = Object.keys(base);
  const clone = () => structuredClone(base);
  const extra = Object.assign(JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1}'), clone(), {
    extra: "ignored",
    nested: { deep: [1, { x: null }] },
    [Symbol("extra")]: 1,
  });
  const inherited = Object.create(clone());
  const protoGetters = Object.create(throwingGetters(keys));
  const partlyThrowing = clone();
  Object.defineProperty(partlyThrowing, keys[keys.length - 1], { get() { throw new Error("hostile getter"); } });
  class Custom {}
  return [
    ["extra properties", extra, true],
    ["Object.create(null) with the properties", Object.assign(Object.create(null), clone()), true],
    ["properties inherited from the prototype", inherited, true],
    ["frozen", Object.freeze(clone()), true],
    ["class instance", Object.assign(new Custom(), clone()), true],
    ["transparent Proxy", new Proxy(clone(), {}), true],
    ["getter throws on the last property", partlyThrowing, false],
    ["prototype getters throw", protoGetters, false],
    ["Proxy throwing on get", new Proxy(clone(), { get() { throw new Error("hostile proxy"); } }), false],
    ["revoked Proxy", revokedProxy(clone()), false],
  ];
}

function arrayVariants(base) {
  const holey = [];
  holey[1] = base[0];
  const throwingIndex = [];
  Object.defineProperty(throwingIndex, "0", { get() { throw new Error("hostile index"); } });
  const withExtras = Object.assign(structuredClone(base), { extra: 1, [Symbol("x")]: 2 });
  class MyArray extends Array {}
  const huge = [];
  huge.length = 2 ** 32 - 1;
  return [
    ["array with extra properties", withExtras, true],
    ["frozen array", Object.freeze(structuredClone(base)), true],
    ["Array subclass", MyArray.from(structuredClone(base)), true],
    ["transparent Proxy of the array", new Proxy(structuredClone(base), {}), true],
    ["hole at index 0", holey, false],
    ["index getter throws", throwingIndex, false],
    ["length 2**32-1, sparse", huge, false],
    ["Proxy of an array throwing on get", new Proxy(structuredClone(base), { get() { throw new Error("hostile"); } }), false],
    ["17 values", Array.from({ length: 17 }, (_, i) => ({ key: "k" + i, value: "v" })), false],
    ["duplicate keys", [base[0], base[0]], false],
  ];
}

const isWellFormed = (s) => !/[\uD800-\uDFFF]/u.test(s);
const codePoints = (s) => [...s].length;
// A header value: visible ASCII only.
const headerText = (max) => (v) => text(max)(v) && /^[\x21-\x7e]+$/.test(v);
const text = (max) => (v) => typeof v === "string" && v !== "" && isWellFormed(v) && codePoints(v) <= max;
const pattern = (re) => (v) => typeof v === "string" && re.test(v);
const optional = (rule) => (v) => v === ABSENT || v === undefined || v === null || rule(v);
const integer = (min, max) => (v) => typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;
const isObject = (v) => typeof v === "object" && v !== null;
const never = () => false;
// An optional options object: absent, or any object whose properties can be read.
function readableOptions(v) {
  if (v === ABSENT || v === undefined || v === null) return true;
  if (!isObject(v)) return false;
  try {
    for (const k of ["timeoutMs", "cache", "signal"]) Reflect.get(v, k);
    return Reflect.get(v, "timeoutMs") === undefined && Reflect.get(v, "signal") === undefined &&
      (Reflect.get(v, "cache") === undefined || typeof Reflect.get(v, "cache") === "boolean");
  } catch {
    return false;
  }
}

function setPath(args, path, v) {
  if (path.length === 1) {
    if (v === ABSENT) args.length = Math.min(args.length, path[0]);
    else args[path[0]] = v;
    return;
  }
  let o = args[path[0]];
  for (const k of path.slice(1, -1)) o = o[k];
  const last = path[path.length - 1];
  if (v === ABSENT) delete o[last];
  else o[last] = v;
}

function labelOf(v) {
  if (typeof v === "symbol") return "Symbol";
  if (typeof v === "string") return v.length > 40 ? "string of length " + v.length : JSON.stringify(v);
  return typeof v;
}

// Runs the whole bad-input matrix against the local Client API and reports what did not
// behave as documented. Every input must: throw (constructor) or reject with a
// ConnectInputError naming its property, with no request sent, its message carrying no
// secret nor the input; or, when the input is valid, end in the documented outcome.
// After each parameter the same session makes a good call, which must succeed.
export async function badInputMatrix(api, ctor) {
  const report = { tried: 0, rejected: 0, accepted: 0, perCall: {}, failures: [] };
  const fail = (msg) => report.failures.length < 50 && report.failures.push(msg);
  const uncaughtBefore = UNCAUGHT.length;

  const seedRequest = () => ({ countryCode: "SE", values: [{ key: "fiscalNumber", value: "012345678901" }] });
  const paymentDetails = () => ({ totalAmount: 1000, countryCode: "SE", currency: "EUR" });
  const callOptions = () => ({ timeoutMs: 5000 });
  const LIMIT = 8000;
  const ctorDetails = await newSession(api);

  const calls = {
    constructor: {
      base: async () => [structuredClone(ctorDetails), { timeoutMs: 10000, cache: true }],
      params: [
        ["sessionDetails", [0], "sessionDetails", never, objectVariants],
        ["sessionDetails.clientSessionId", [0, "clientSessionId"], "sessionDetails.clientSessionId", headerText(2048)],
        ["sessionDetails.customerId", [0, "customerId"], "sessionDetails.customerId", (v) => text(2048)(v) && v !== "." && v !== ".."],
        ["sessionDetails.clientApiUrl", [0, "clientApiUrl"], "sessionDetails.clientApiUrl", never],
        ["sessionDetails.assetUrl", [0, "assetUrl"], "sessionDetails.assetUrl", text(2048)],
        ["options", [1], "options", readableOptions, objectVariants],
        ["options.timeoutMs", [1, "timeoutMs"], "options.timeoutMs", optional(integer(1, 2 ** 31 - 1))],
        ["options.cache", [1, "cache"], "options.cache", optional((v) => typeof v === "boolean")],
      ],
    },
    getCustomerDetails: {
      base: async () => [9000, seedRequest(), callOptions()],
      params: [
        ["paymentProductId", [0], "paymentProductId", integer(1, MAX_SAFE)],
        ["request", [1], "request|countryCode|values", never, objectVariants],
        ["request.countryCode", [1, "countryCode"], "countryCode", pattern(/^[A-Za-z]{2}$/)],
        ["request.values", [1, "values"], "values", never, arrayVariants],
        ["request.values[0]", [1, "values", 0], "values[0]", never, objectVariants],
        ["request.values[0].key", [1, "values", 0, "key"], "values[0].key", text(64)],
        ["request.values[0].value", [1, "values", 0, "value"], "values[0].value", (v) => typeof v === "string" && isWellFormed(v) && codePoints(v) <= 256],
        ["callOptions", [2], "callOptions", readableOptions, objectVariants],
        ["callOptions.timeoutMs", [2, "timeoutMs"], "callOptions.timeoutMs", optional(integer(1, 2 ** 31 - 1))],
        ["callOptions.signal", [2, "signal"], "callOptions.signal", optional((v) => v instanceof AbortSignal)],
      ],
    },
  };
  for (const method of ["getPaymentProduct", "getCustomerDetailsFields"]) {
    calls[method] = {
      base: async () => [9000, paymentDetails(), callOptions()],
      params: [
        ["paymentProductId", [0], "paymentProductId", integer(1, MAX_SAFE)],
        ["paymentDetails", [1], "paymentDetails", never, objectVariants],
        ["paymentDetails.totalAmount", [1, "totalAmount"], "paymentDetails.totalAmount", integer(0, MAX_SAFE)],
        ["paymentDetails.countryCode", [1, "countryCode"], "paymentDetails.countryCode", pattern(/^[A-Za-z]{2}$/)],
        ["paymentDetails.currency", [1, "currency"], "paymentDetails.currency", pattern(/^[A-Za-z]{3}$/)],
        ["paymentDetails.locale", [1, "locale"], "paymentDetails.locale", optional(pattern(/^[A-Za-z0-9_-]{2,35}$/))],
        ["paymentDetails.isRecurring", [1, "isRecurring"], "paymentDetails.isRecurring", optional((v) => typeof v === "boolean")],
        ["callOptions", [2], "callOptions", readableOptions, objectVariants],
        ["callOptions.timeoutMs", [2, "timeoutMs"], "callOptions.timeoutMs", optional(integer(1, 2 ** 31 - 1))],
        ["callOptions.signal", [2, "signal"], "callOptions.signal", optional((v) => v instanceof AbortSignal)],
      ],
    };
  }

  for (const [method, spec] of Object.entries(calls)) {
    report.perCall[method] = 0;
    // One session per call kind; `cache: false` so that every accepted call sends
    // exactly one request.
    const details = await newSession(api);
    const session = method === "constructor" ? null : new ctor(details, { cache: false });
    for (const [param, path, property, accepts, variants] of spec.params) {
      const base = await spec.base();
      const baseAtPath = path.length === 1 ? base[path[0]] : path.slice(1).reduce((o, k) => o[k], base[path[0]]);
      const judge = (v) => {
        try {
          return accepts(v);
        } catch {
          return false; // a value that throws when inspected is never valid
        }
      };
      const inputs = hostileValues().map(([label, v]) => [label, v, judge(v)]);
      if (variants) inputs.push(...variants(baseAtPath));
      const sentBefore = session ? await requestCount(api, details.customerId) : 0;
      let expectedSent = inputs.length;
      for (const [label, v, accepted] of inputs) {
        report.tried++;
        report.perCall[method]++;
        const where = method + " " + param + " = " + label;
        const args = await spec.base();
        let customer = details.customerId;
        let secret = details.clientSessionId;
        if (method === "constructor") {
          // A customerId that is accepted must work end to end: the local API learns it first.
          if (param === "sessionDetails.customerId" && accepted) {
            args[0] = await newSession(api, v);
          }
          customer = args[0].customerId;
          secret = args[0].clientSessionId;
          registerSecret(secret);
        }
        setPath(args, path, v);
        if (typeof v === "string" && param !== "sessionDetails.clientApiUrl") registerSecret(v);
        const secrets = [secret, param === "sessionDetails.clientApiUrl" ? null : v];

        if (method === "constructor") {
          const out = construct(ctor, ...args);
          if (accepted) {
            if (!out.ok) { fail(where + ": threw " + out.error?.name + " " + out.error?.message); continue; }
            report.accepted++;
            if (param === "sessionDetails.assetUrl" && out.value.assetUrl !== v) fail(where + ": assetUrl changed");
            const good = await invokeWithin(out.value, "getCustomerDetails", LIMIT, 9000, seedRequest(), callOptions());
            if (!good.ok || good.value.surname !== "Adolfs") fail(where + ": the new session's lookup failed: " + (good.error?.name ?? "hung"));
          } else {
            report.rejected++;
            checkRejection(out, where, property, secrets, fail, true);
          }
          continue;
        }

        // Requests are counted per parameter (below); an accepted input is counted here
        // too, so that one sending more or less than one request is named.
        const before = accepted ? await requestCount(api, customer) : 0;
        const out = await invokeWithin(session, method, LIMIT, ...args);
        const sent = accepted ? (await requestCount(api, customer)) - before : 0;
        if (out.hung) { fail(where + ": the promise did not settle"); continue; }
        if (out.threw) { fail(where + ": threw synchronously " + out.error?.name + ": " + out.error?.message); continue; }
        if (out.ok === false && out.error?.name === "ConnectInternalError") fail(where + ": ConnectInternalError (a panic)");
        if (accepted) {
          report.accepted++;
          if (sent !== 1) fail(where + ": valid input sent " + sent + " requests, not 1");
          const okOutcome = out.ok || (out.error?.name === "ConnectApiError" && [400, 404].includes(out.error.status));
          if (!okOutcome) fail(where + ": valid input ended in " + out.error?.name + " " + out.error?.message);
          if (param.startsWith("request.values[0].")) {
            // Odd but valid text goes out exactly as given.
            const log = await control(api, customer, "/requests");
            const body = JSON.parse(log.requests[log.requests.length - 1].body);
            const field = param.endsWith(".key") ? "key" : "value";
            if (body.values[0][field] !== v) fail(where + ": sent " + labelOf(body.values[0][field]) + " instead");
          }
          if (param === "request" || param === "request.values[0]") {
            const log = await control(api, customer, "/requests");
            const body = log.requests[log.requests.length - 1].body;
            if (body !== JSON.stringify(seedRequest())) fail(where + ": extra properties went out: " + body.slice(0, 120));
          }
        } else {
          report.rejected++;
          expectedSent--;
          checkRejection(out, where, property, secrets, fail, false);
        }
      }
      if (session) {
        const sent = (await requestCount(api, details.customerId)) - sentBefore;
        if (sent !== expectedSent) fail(method + " " + param + ": " + sent + " requests sent for " + expectedSent + " valid inputs (an invalid one was sent)");
      }
      // The same session still works.
      if (session) {
        const good = await invokeWithin(session, method, LIMIT, ...(await spec.base()));
        if (!good.ok) fail(method + " after " + param + ": the good call failed: " + (good.error?.name ?? "hung"));
      }
    }
  }
  const uncaught = UNCAUGHT.slice(uncaughtBefore);
  if (uncaught.length) fail("uncaught errors on the page: " + uncaught.slice(0, 3).join(" | "));
  return report;
}

const RULES = ["REQUIRED", "TYPE", "EMPTY", "FORMAT", "RANGE", "TOO_LONG", "DUPLICATE", "MALFORMED",
  "URL_SYNTAX", "URL_SCHEME", "URL_PATH", "URL_INSECURE"];

function checkRejection(out, where, property, secrets, fail, isConstructor) {
  if (out.ok !== false) return fail(where + ": accepted");
  const e = out.error;
  if (!out.isError) return fail(where + ": " + (isConstructor ? "threw" : "rejected with") + " a non-Error");
  if (!isConstructor && !out.isPromise) fail(where + ": not a native Promise");
  if (e.name !== "ConnectInputError") return fail(where + ": " + e.name + " " + e.message);
  if (e.status !== 0) fail(where + ": status " + e.status);
  const entry = e.errors?.[0];
  if (entry?.code !== "INVALID_INPUT" || entry?.category !== "CLIENT_SDK") fail(where + ": errors[0] is " + JSON.stringify(entry));
  if (!RULES.includes(entry?.id)) fail(where + ": undocumented rule " + entry?.id);
  const names = property.split("|");
  if (!names.some((n) => entry?.propertyName === n || entry?.propertyName?.startsWith(n + ".") || entry?.propertyName?.startsWith(n + "[")))
    fail(where + ": propertyName " + entry?.propertyName + ", expected " + property);
  const leaks = leaksOf(out, secrets);
  if (leaks.length) fail(where + ": the error carries the input or the session id in " + leaks.join(", "));
}

// ---- Concurrency -----------------------------------------------------------------------

// Starts 200 calls on one session in the same tick, mixing successes, API errors, input
// errors, timeouts and aborts, some identical so that they share one request, and checks
// that each settles with its own expected outcome. Faults aimed by content (`when`) make
// every timeout and abort certain whatever the order of arrival: their own requests hang;
// the shared successful requests that some callers time out or abort on are held for
// `holdMs`. Every other request is delayed a little, so that they all overlap.
export async function concurrencyWorkload(session, api, customerId, holdMs) {
  const SEED_BODY = '"value":"012345678901"';
  const NO_PHONE_FIRST = '"phoneNumber","value":"40612345"},{"key":"zip"';
  await control(api, customerId, "/faults", [
    ...Array.from({ length: 20 }, () => ({ when: '"value":"2000000000', hang: true })),
    { when: '"value":"2999999999', hang: true },
    ...Array.from({ length: 20 }, () => ({ when: '"value":"3000000000', hang: true })),
    { when: SEED_BODY, delayMs: holdMs },
    { when: NO_PHONE_FIRST, delayMs: holdMs },
    ...Array.from({ length: 150 }, () => ({ delayMs: 30 })),
  ]);
  const se = (fiscalNumber) => ({ countryCode: "SE", values: [{ key: "fiscalNumber", value: fiscalNumber }] });
  const no = (zipFirst) => {
    const values = [{ key: "phoneNumber", value: "40612345" }, { key: "zip", value: "0150" }];
    return { countryCode: "NO", values: zipFirst ? values.reverse() : values };
  };
  const fi = { countryCode: "FI", values: [{ key: "fiscalNumber", value: "131052-308T" }, { key: "zip", value: "00100" }] };
  const pd = (countryCode, amount) => ({ totalAmount: amount, countryCode, currency: "EUR" });
  const long = { timeoutMs: 30000 };
  const specs = []; // the call, its expected outcome, and when its signal aborts
  const add = (method, args, want, abortAfter = null) => specs.push({ method, args, want, abortAfter });
  const pad = (n) => String(n).padStart(2, "0");

  // Successes: the Swedish, Norwegian (in two value orders) and Finnish customers, many
  // callers per request; products and lookup fields per country, each its own request but
  // for ten identical field lists.
  for (let i = 0; i < 20; i++) add("getCustomerDetails", [9000, se("012345678901"), long], "ok:customer:Adolfs");
  for (let i = 0; i < 20; i++) add("getCustomerDetails", [9000, no(i % 2 === 0), long], "ok:customer:Nordmann");
  for (let i = 0; i < 10; i++) add("getCustomerDetails", [9000, fi, long], "ok:customer:Meikäläinen");
  for (let i = 0; i < 10; i++) add("getPaymentProduct", [9000, pd("SE", 1000 + i), long], "ok:product:fiscalNumber,emailAddress,birthDate,termsAndConditions");
  for (let i = 0; i < 10; i++) add("getCustomerDetailsFields", [9000, pd("NO", 2000 + i), long], "ok:fields:phoneNumber,zip");
  for (let i = 0; i < 10; i++) add("getCustomerDetailsFields", [9000, pd("FI", 3000 + i), long], "ok:fields:fiscalNumber,zip");
  for (let i = 0; i < 10; i++) add("getCustomerDetailsFields", [9000, pd("SE", 1000), long], "ok:fields:fiscalNumber");
  // API errors, each its own request.
  for (let i = 0; i < 20; i++) add("getCustomerDetails", [9000, se("1000000000" + pad(i)), long], "api:400:1214");
  for (let i = 0; i < 10; i++) add("getCustomerDetails", [9100 + i, se("9000000000" + pad(i)), long], "api:404:1070");
  for (let i = 0; i < 10; i++) add("getPaymentProduct", [9000, pd("DE", 4000 + i), long], "api:400:1103");
  // Input errors: never sent.
  for (let i = 0; i < 5; i++) add("getCustomerDetails", [9000, { countryCode: "S" + i, values: [] }], "input:countryCode");
  for (let i = 0; i < 5; i++) add("getPaymentProduct", [9000, { totalAmount: -1 - i, countryCode: "SE", currency: "EUR" }], "input:paymentDetails.totalAmount");
  // Timeouts, each with its own deadline, which its message names: on their own hanging
  // requests, five sharing one hanging request, five sharing the Swedish success.
  for (let i = 0; i < 20; i++) add("getCustomerDetails", [9000, se("2000000000" + pad(i)), { timeoutMs: 20 + i }], "timeout:" + (20 + i));
  for (let i = 0; i < 5; i++) add("getCustomerDetails", [9000, se("299999999999"), { timeoutMs: 40 + i }], "timeout:" + (40 + i));
  for (let i = 0; i < 5; i++) add("getCustomerDetails", [9000, se("012345678901"), { timeoutMs: 50 + i }], "timeout:" + (50 + i));
  // Aborts: during the call on their own hanging requests, before the call, and five
  // sharing the Norwegian success.
  for (let i = 0; i < 20; i++) add("getCustomerDetails", [9000, se("3000000000" + pad(i))], "abort", 10);
  for (let i = 0; i < 5; i++) add("getPaymentProduct", [9000, pd("SE", 5000 + i)], "abort", -1);
  for (let i = 0; i < 5; i++) add("getCustomerDetails", [9000, no(false)], "abort", 10);

  const started = specs.map((spec) => {
    const args = spec.args.slice();
    if (spec.abortAfter !== null) {
      const c = new AbortController();
      if (spec.abortAfter < 0) c.abort();
      else setTimeout(() => c.abort(), spec.abortAfter);
      args[2] = { signal: c.signal, timeoutMs: 30000 };
    }
    return settleWithin(session[spec.method](...args), 40000);
  });
  const outcomes = await Promise.all(started);
  const mismatches = [];
  const tally = {};
  outcomes.forEach((out, i) => {
    const got = outcomeOf(out);
    const kind = specs[i].want.split(":")[0];
    tally[kind] = (tally[kind] ?? 0) + 1;
    if (got !== specs[i].want) mismatches.push("#" + i + " " + specs[i].method + ": expected " + specs[i].want + ", got " + got);
  });
  // Requests the calls could send at most: one per distinct call (identical calls share,
  // a product and its fields share), none for bad input or an already aborted signal.
  const key = (s) => (s.method === "getCustomerDetails" ? "lookup" : "product") + JSON.stringify(s.args.slice(0, 2));
  const distinct = new Set(specs.filter((s) => !s.want.startsWith("input") && s.abortAfter !== -1).map(key));
  const log = await control(api, customerId, "/requests");
  return { calls: specs.length, tally, mismatches, distinctRequests: distinct.size, requests: log.count };
}

// A one-line description of a settled call, comparable with the workload's expectations.
function outcomeOf(out) {
  if (out.hung) return "hung";
  if (out.ok) {
    const v = out.value;
    if (Array.isArray(v)) return "ok:fields:" + v.map((f) => f.id).join(",");
    if (Array.isArray(v?.fields)) return "ok:product:" + v.fields.map((f) => f.id).join(",");
    return "ok:customer:" + v?.surname;
  }
  const e = out.error;
  switch (e?.name) {
    case "ConnectApiError": return "api:" + e.status + ":" + e.errors?.[0]?.code;
    case "ConnectInputError": return "input:" + e.errors?.[0]?.propertyName;
    case "ConnectTimeoutError": return "timeout:" + (/after (\d+) ms/.exec(e.message)?.[1] ?? "?");
    case "ConnectAbortError": return "abort";
    default: return "other:" + e?.name + ":" + e?.message;
  }
}

// ---- Cross-origin, as in production (issue 9) ------------------------------------------

// The origin this page was loaded from (wasm-bindgen-test-runner's own server).
export function pageOrigin() {
  return location.origin;
}

// `n` lookups of one shape (one URL), one after another, each with another value so that
// none is answered from the SDK's cache: the first finds the seed customer, the rest are
// not found (1214). Resolves with each outcome ("ok" or the error code).
export async function lookupsOfOneShape(session, n) {
  const outcomes = [];
  for (let i = 0; i < n; i++) {
    const value = i === 0 ? "012345678901" : String(100000000000 + i);
    const out = await settle(session.getCustomerDetails(9000, { countryCode: "SE", values: [{ key: "fiscalNumber", value }] }));
    outcomes.push(out.ok ? "ok" : String(out.error?.errors?.[0]?.code));
  }
  return outcomes;
}

// `n` identical getPaymentProduct calls, one after another (a session with cache: false
// sends each). Resolves with each outcome ("ok" or the error name).
export async function productsOfOneShape(session, n) {
  const outcomes = [];
  for (let i = 0; i < n; i++) {
    const out = await settle(session.getPaymentProduct(9000, { totalAmount: 1000, countryCode: "SE", currency: "SEK" }));
    outcomes.push(out.ok ? "ok" : String(out.error?.name));
  }
  return outcomes;
}

// Callers change their answers in place (as a page trimming a street would), then other
// callers look: two merged calls in flight, then a cache hit, for a customer, a product
// and its lookup fields. Resolves with what each later caller saw.
export async function changeAnswersInPlace(session) {
  const seed = { countryCode: "SE", values: [{ key: "fiscalNumber", value: "012345678901" }] };
  const details = { totalAmount: 1000, countryCode: "SE", currency: "SEK" };
  const [a, b] = await Promise.all([session.getCustomerDetails(9000, seed), session.getCustomerDetails(9000, seed)]);
  a.firstName = "Changed";
  a.street = "Gustav";
  delete a.city;
  const merged = { distinct: a !== b, firstName: b.firstName, street: b.street, city: b.city };
  b.surname = "Changed too";
  const hit = await session.getCustomerDetails(9000, seed);
  const customerHit = { distinct: hit !== a && hit !== b, firstName: hit.firstName, surname: hit.surname, city: hit.city };

  const [p, q] = await Promise.all([session.getPaymentProduct(9000, details), session.getPaymentProduct(9000, details)]);
  const first = p.fields[0];
  first.displayHints.label = "Changed";
  first.dataRestrictions.validators.length.minLength = 0;
  p.displayHints.logo = "changed.png";
  p.fields.reverse();
  const look = (x) => ({
    firstField: x.fields[0].id,
    label: x.fields[0].displayHints.label,
    minLength: x.fields[0].dataRestrictions.validators.length.minLength,
    logoIsAbsolute: /^https?:\/\//.test(x.displayHints.logo),
  });
  const productMerged = { distinct: p !== q, ...look(q) };
  const productHit = look(await session.getPaymentProduct(9000, details));
  const fields = await session.getCustomerDetailsFields(9000, details);
  fields[0].label = "Changed";
  fields[0].validators.length.minLength = 0;
  fields[0].tooltip.label = "Changed";
  const again = await session.getCustomerDetailsFields(9000, details);
  const fieldsHit = { label: again[0].label, minLength: again[0].validators.length.minLength, tooltipChanged: again[0].tooltip.label === "Changed" };
  const productAfterFields = look(await session.getPaymentProduct(9000, details));
  // The product's rules still judge lookups: a 5-digit value is refused before sending.
  const short = await settle(session.getCustomerDetails(9000, { countryCode: "SE", values: [{ key: "fiscalNumber", value: "12345" }] }));
  return { merged, customerHit, productMerged, productHit, fieldsHit, productAfterFields, shortRefused: short.error?.name ?? "resolved" };
}
