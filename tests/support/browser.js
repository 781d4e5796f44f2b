// JavaScript side of the browser tests: talks to the local Client API's control routes
// and calls the SDK exactly as a checkout page would, reporting what the page sees.

export async function newSession(api, customerId) {
  const body = customerId === undefined ? {} : { customerId };
  const r = await fetch(api + "/_control/sessions", { method: "POST", body: JSON.stringify(body) });
  if (r.status !== 201) throw new Error("control: session not created: " + r.status);
  return r.json();
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
  return settle(session[method](...args));
}

// How many recorded requests used `method` (GET or POST).
export async function countMethod(api, customerId, method) {
  const log = await recorded(api, customerId);
  return log.requests.filter((r) => r.method === method).length;
}
