// The in-page half of the benchmark (bench/run.mjs is the other half). It imports no SDK
// by itself; run.mjs calls the functions of `window.bench`, which resolve with plain
// data: raw samples in milliseconds and outcome counts. Statistics are made in Node.
//
// Three clients make the same lookup, `POST {clientApiUrl}/{customerId}/products/9000/customerDetails`:
// - sdk:   this SDK, the release package's entry module /pkg/index.js;
// - fetch: a hand-written fetch with the SDK's exact URL, headers and body (the floor);
// - old:   connect-sdk-client-js 4.0.4, dist/connectsdk.min.js (XMLHttpRequest inside);
// - floor: bench/floor, the SDK's required stack alone (wasm-bindgen-futures, an
//          AbortController, gloo-net's send(), text() and JSON.parse; no checks, no
//          session), with the hand-written fetch's request: per-call latency only.
//
// Two kinds of lookup, each uncached:
// - found: the SE fixture, answered 200 with the customer. The SDK session has
//   {cache: false}; the old SDK caches successes by a key made of the values, so each of
//   its calls gets an extra enumerable non-index property on the `values` array: it
//   changes the cache key but not the body (JSON.stringify skips it).
// - miss:  a new personal number every call (default SDK options, cache on), answered
//   400 with the ErrorResponse code 1214.
const PRODUCT = 9000;
const SE_VALUE = "012345678901";
// The local API's 200 body for the SE fixture (tests/local-api/README.md).
const SE_BODY =
  '{"fiscalNumber":"0123456789012","city":"Stockholm","street":"Gustav Adolfs torg 22","zip":"111 52","firstName":"Gustav","surname":"Adolfs","emailAddress":"gustav.adolfs@stockholm.se","phoneNumber":"0123456789","languageCode":""}';
let nonce = 0;

const now = () => performance.now();

// The page's own origin stands in for the merchant's server that creates the session.
async function newSession() {
  const r = await fetch("/_control/sessions", { method: "POST" });
  if (r.status !== 201) throw new Error(`POST /_control/sessions answered ${r.status}`);
  const details = await r.json();
  // As on a real checkout, the Client API is on another origin than the page.
  if (new URL(details.clientApiUrl).origin === location.origin) throw new Error("the Client API is on the page's origin");
  return details;
}

async function recordedRequests(details) {
  const r = await fetch(`/_control/sessions/${encodeURIComponent(details.customerId)}/requests`);
  if (r.status !== 200) throw new Error(`GET requests answered ${r.status}`);
  return (await r.json()).requests;
}

const foundRequest = () => ({ countryCode: "SE", values: [{ key: "fiscalNumber", value: SE_VALUE }] });
const missRequest = () => ({
  countryCode: "SE",
  values: [{ key: "fiscalNumber", value: String(200000000000 + ++nonce) }],
});

// An outcome is "ok" (the SE customer), an API error code such as "1214", or "other:…".
const okOutcome = (c) => (c && c.firstName === "Gustav" ? "ok" : "other:unexpected-body");
const apiOutcome = (e) =>
  e && Array.isArray(e.errors) && e.errors[0] && e.errors[0].code
    ? String(e.errors[0].code)
    : `other:${(e && e.name) || typeof e}`;

let sdkModule;
async function loadSdk() {
  sdkModule ??= await import("/pkg/index.js");
  return sdkModule;
}

let oldLoaded;
function loadScript(src) {
  return new Promise((resolve, reject) => {
    const el = document.createElement("script");
    el.src = src;
    el.onload = resolve;
    el.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(el);
  });
}
async function loadOld() {
  oldLoaded ??= loadScript("/old/connectsdk.min.js");
  await oldLoaded;
  return window.connectsdk;
}

let floorModule;
async function loadFloor() {
  if (!floorModule) {
    const mod = await import("/floor/floor.js");
    await mod.default();
    floorModule = mod;
  }
  return floorModule;
}

function sdkClient(mod, details, kind) {
  const session = new mod.connect(details, kind === "found" ? { cache: false } : undefined);
  const request = kind === "found" ? foundRequest : missRequest;
  return () => session.getCustomerDetails(PRODUCT, request()).then(okOutcome, apiOutcome);
}

// The URL and headers of the SDK's lookup on the session `details`, for a hand-written
// fetch. `meta` is the X-GCS-ClientMetaInfo value the SDK sent (read back from the local API).
function lookupTarget(details, meta) {
  return {
    url: `${details.clientApiUrl}/${encodeURIComponent(details.customerId)}/products/${PRODUCT}/customerDetails`,
    headers: {
      Authorization: `GCS v1Client:${details.clientSessionId}`,
      Accept: "application/json",
      "Content-Type": "application/json",
      "X-GCS-ClientMetaInfo": meta,
    },
  };
}

function fetchClient(details, meta, kind) {
  const { url, headers } = lookupTarget(details, meta);
  const request = kind === "found" ? foundRequest : missRequest;
  return async () => {
    try {
      const r = await fetch(url, { method: "POST", headers, body: JSON.stringify(request()) });
      const body = await r.json();
      return r.ok ? okOutcome(body) : apiOutcome(body);
    } catch (e) {
      return `other:${e.name}`;
    }
  };
}

// The floor resolves with the parsed body whatever the status.
function floorClient(floor, details, meta, kind) {
  const { url, headers } = lookupTarget(details, meta);
  const request = kind === "found" ? foundRequest : missRequest;
  return () =>
    floor.lookup(url, headers, JSON.stringify(request())).then(
      (body) => (body && Array.isArray(body.errors) ? apiOutcome(body) : okOutcome(body)),
      (e) => `other:${(e && e.name) || typeof e}`,
    );
}

function oldClient(sdk, details, kind) {
  const session = new sdk.Session({ ...details });
  const request = () => {
    if (kind !== "found") return missRequest();
    const r = foundRequest();
    r.values.nonce = { key: "n", value: String(++nonce) };
    return r;
  };
  // Its promise is home-made: only .then(success, failure).
  return () =>
    new Promise((resolve) => {
      session.getCustomerDetails(PRODUCT, request()).then(
        (c) => resolve(okOutcome(c)),
        (e) => resolve(apiOutcome(e)),
      );
    });
}

function count(outcomes, o) {
  outcomes[o] = (outcomes[o] || 0) + 1;
}

const CLIENTS = ["sdk", "fetch", "old"];

// The X-GCS-ClientMetaInfo header of this SDK, as the local API recorded it.
let sdkMeta;
async function metaOfSdk() {
  if (sdkMeta) return sdkMeta;
  const mod = await loadSdk();
  const details = await newSession();
  await sdkClient(mod, details, "found")();
  const [req] = await recordedRequests(details);
  sdkMeta = req.headers["x-gcs-clientmetainfo"];
  return sdkMeta;
}

async function makeClients(kind) {
  const [mod, old, meta] = await Promise.all([loadSdk(), loadOld(), metaOfSdk()]);
  const [a, b, c] = await Promise.all([newSession(), newSession(), newSession()]);
  return { sdk: sdkClient(mod, a, kind), fetch: fetchClient(b, meta, kind), old: oldClient(old, c, kind) };
}

function headerDiff(a, b) {
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...names].filter((n) => a[n] !== b[n]).sort();
}

// Sequential calls of `clients[name]` for each of `names`, interleaved: each round calls
// every client once, in an order that rotates, so drift and garbage collection fall on all
// alike; after `warmup` untimed rounds. Each call's time and outcome, per client.
// `hook`, if given, is called around each timed call: hook(name, "before") just before its
// start time is taken, hook(name, "after", t0, t1) with its start and end times.
async function interleaved(clients, names, n, warmup, hook) {
  for (let i = 0; i < warmup; i++) for (const k of names) await clients[k]();
  const times = Object.fromEntries(names.map((k) => [k, []]));
  const outcomes = Object.fromEntries(names.map((k) => [k, {}]));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < names.length; j++) {
      const k = names[(i + j) % names.length];
      hook?.(k, "before");
      const t0 = now();
      const o = await clients[k]();
      const t1 = now();
      times[k].push(t1 - t0);
      count(outcomes[k], o);
      hook?.(k, "after", t0, t1);
    }
  }
  return { times, outcomes };
}

window.bench = {
  // Cold start of one fresh page: dynamic import() to a constructed `connect`, or the old
  // SDK's script element to a constructed `connectsdk.Session`. `bust`, if given, goes in
  // the file's query string (the server ignores it), so that no in-memory cache keyed by
  // URL can serve the file again (Firefox, where CDP cannot disable caches).
  async cold(variant, bust) {
    const query = bust ? `?cold=${encodeURIComponent(bust)}` : "";
    const details = await newSession();
    if (variant === "sdk") {
      const t0 = now();
      const mod = await import(`/pkg/index.js${query}`);
      new mod.connect(details);
      return now() - t0;
    }
    const t0 = now();
    await loadScript(`/old/${variant}${query}`);
    new window.connectsdk.Session({ ...details });
    return now() - t0;
  },

  // The smallest step of performance.now() seen, and whether the page is isolated
  // (cross-origin isolated pages get a finer clock).
  clock() {
    let min = Infinity;
    for (let i = 0; i < 200000 && min > 0.001; i++) {
      const a = now();
      let b = now();
      while (b === a) b = now();
      min = Math.min(min, b - a);
    }
    return { crossOriginIsolated: globalThis.crossOriginIsolated === true, resolutionMs: min };
  },

  // The requests of the three clients for the same found lookup on one session, as the
  // local API recorded them: the fetch must be identical to the SDK's.
  async identity() {
    const [mod, old, meta, floor] = await Promise.all([loadSdk(), loadOld(), metaOfSdk(), loadFloor()]);
    const details = await newSession();
    const outcomes = [
      await sdkClient(mod, details, "found")(),
      await fetchClient(details, meta, "found")(),
      await oldClient(old, details, "found")(),
      await floorClient(floor, details, meta, "found")(),
    ];
    const [sdk, raw, legacy, least] = await recordedRequests(details);
    const same = (x, y) => x.method === y.method && x.path === y.path && x.query === y.query && x.body === y.body;
    return {
      outcomes,
      fetchIdenticalToSdk: same(sdk, raw) && headerDiff(sdk.headers, raw.headers).length === 0,
      fetchHeaderDiff: headerDiff(sdk.headers, raw.headers),
      floorIdenticalToSdk: same(sdk, least) && headerDiff(sdk.headers, least.headers).length === 0,
      floorHeaderDiff: headerDiff(sdk.headers, least.headers),
      oldSameMethodPathBody: same(sdk, legacy),
      oldHeaderDiff: headerDiff(sdk.headers, legacy.headers),
      sdkRequest: { method: sdk.method, path: sdk.path.replace(details.customerId, "{customerId}"), body: sdk.body },
    };
  },

  // Sequential calls, interleaved: each round calls the four clients (the three and the
  // floor) once, in an order that rotates, so drift and garbage collection fall on all
  // alike. `only` ("sdk" or "fetch") runs one client alone (bench/run.mjs --profile).
  async latency(kind, n, warmup, only) {
    const clients = await makeClients(kind);
    if (only) return interleaved(clients, [only], n, warmup);
    const [floor, meta, details] = await Promise.all([loadFloor(), metaOfSdk(), newSession()]);
    clients.floor = floorClient(floor, details, meta, kind);
    return interleaved(clients, [...CLIENTS, "floor"], n, warmup);
  },

  // The clients' own cost, network stubbed: window.fetch answers at once with the SE
  // fixture's 200 (the SDK's glue calls the global fetch too, at call time). Sequential and interleaved
  // like latency(); the old SDK (XMLHttpRequest) cannot be stubbed the same way.
  // `only` ("sdk") runs one client alone (the loop bench/run.mjs --profile profiles).
  async overhead(n, warmup, only) {
    const [mod, meta] = await Promise.all([loadSdk(), metaOfSdk()]);
    const details = await newSession();
    const all = { sdk: sdkClient(mod, details, "found"), fetch: fetchClient(details, meta, "found") };
    const clients = only ? { [only]: all[only] } : all;
    const names = Object.keys(clients);
    const realFetch = window.fetch;
    // The stub still makes the Request a real fetch makes of its arguments, so that
    // neither client is spared that work.
    window.fetch = (input, init) => {
      new Request(input, init);
      return Promise.resolve(new Response(SE_BODY, { status: 200, headers: { "Content-Type": "application/json" } }));
    };
    try {
      return await interleaved(clients, names, n, warmup);
    } finally {
      window.fetch = realFetch;
    }
  },

  // Where the per-call gap between the SDK and a hand-written fetch sits (bench/run.mjs
  // --profile): found lookups over the network, interleaved, by the SDK, the hand-written
  // fetch, and that fetch given one trait of the SDK's request at a time: a `Request`
  // object passed to fetch, an AbortSignal with a pending deadline timer, the body read
  // as text and parsed with JSON.parse; and all three together; and the plain fetch called
  // from 40 frames of JS deep.
  async gap(n, warmup) {
    const [mod, meta] = await Promise.all([loadSdk(), metaOfSdk()]);
    const [a, b] = await Promise.all([newSession(), newSession()]);
    const { url, headers } = lookupTarget(b, meta);
    const variant = ({ request = false, signal = false, text = false, depth = 0 }) => async () => {
      const init = { method: "POST", headers, body: JSON.stringify(foundRequest()) };
      let timer;
      if (signal) {
        const controller = new AbortController();
        timer = setTimeout(() => controller.abort(), 10000);
        init.signal = controller.signal;
      }
      try {
        // `depth` frames of plain JS calls between this function and fetch().
        const call = (d) => (d > 0 ? call(d - 1) : fetch(request ? new Request(url, init) : url, request ? undefined : init));
        const r = await call(depth);
        const body = text ? JSON.parse(await r.text()) : await r.json();
        return r.ok ? okOutcome(body) : apiOutcome(body);
      } catch (e) {
        return `other:${e.name}`;
      } finally {
        clearTimeout(timer);
      }
    };
    const clients = {
      sdk: sdkClient(mod, a, "found"),
      fetch: variant({}),
      "fetch + Request object": variant({ request: true }),
      "fetch + AbortSignal and deadline timer": variant({ signal: true }),
      "fetch + text() and JSON.parse": variant({ text: true }),
      "fetch + all three (the SDK's shape)": variant({ request: true, signal: true, text: true }),
      // What a debugger client costs: under CDP, fetch() costs more the deeper its caller's
      // stack (the full run measures per-call latency again with no debugger attached).
      "fetch called 40 frames deep": variant({ depth: 40 }),
    };
    const names = Object.keys(clients);
    return interleaved(clients, names, n, warmup);
  },

  // When the per-call gap happens (bench/run.mjs --profile): found lookups over the
  // network, interleaved, by the SDK, by `replay` (the SDK's own request, captured once and
  // sent again by JS: same URL, headers, body, an AbortSignal, text() and JSON.parse) and by
  // the hand-written fetch. A wrapper of window.fetch (the same for all three) stamps each
  // call: before fetch (t0 to fetch called), the synchronous fetch() call itself, fetch's
  // promise (called to resolved: the network) and after (resolved to the caller's answer).
  async phases(n, warmup) {
    const mod = await loadSdk();
    const meta = await metaOfSdk();
    const [a, b] = await Promise.all([newSession(), newSession()]);
    const session = new mod.connect(a, { cache: false });
    const original = window.fetch;
    let stamp = null;
    window.fetch = function (...args) {
      const called = now();
      const p = original.apply(this, args);
      if (stamp) {
        stamp.called = called;
        stamp.returned = now();
        const s = stamp;
        p.then(() => { s.resolved = now(); }, () => {});
      }
      return p;
    };
    try {
      let captured;
      {
        const plain = window.fetch;
        window.fetch = (r) => ((captured = r.clone()), plain(r));
        await session.getCustomerDetails(PRODUCT, foundRequest());
        window.fetch = plain;
      }
      const replayUrl = captured.url;
      const replayHeaders = Object.fromEntries(captured.headers.entries());
      const replayBody = await captured.text();
      const clients = {
        sdk: () => session.getCustomerDetails(PRODUCT, foundRequest()).then(okOutcome, apiOutcome),
        replay: async () => {
          const controller = new AbortController();
          const r = await fetch(new Request(replayUrl, { method: "POST", headers: replayHeaders, body: replayBody, signal: controller.signal }));
          const body = JSON.parse(await r.text());
          return r.ok ? okOutcome(body) : apiOutcome(body);
        },
        fetch: fetchClient(b, meta, "found"),
      };
      const names = Object.keys(clients);
      const rows = Object.fromEntries(names.map((k) => [k, { before: [], call: [], network: [], after: [], total: [] }]));
      // Each timed call gets a fresh stamp for the fetch wrapper; the warmup calls none.
      let s;
      const { outcomes } = await interleaved(clients, names, n, warmup, (k, when, t0, t3) => {
        if (when === "before") {
          s = stamp = {};
          return;
        }
        stamp = null;
        if (s.resolved === undefined) return;
        const r = rows[k];
        r.before.push(s.called - t0);
        r.call.push(s.returned - s.called);
        r.network.push(s.resolved - s.called);
        r.after.push(t3 - s.resolved);
        r.total.push(t3 - t0);
      });
      return { rows, outcomes };
    } finally {
      window.fetch = original;
    }
  },

  // `total` found lookups with `inflight` callers at once; total wall time per client.
  async concurrency(total, inflight, reps) {
    const clients = await makeClients("found");
    for (const k of CLIENTS) for (let i = 0; i < inflight; i++) await clients[k]();
    const ms = { sdk: [], fetch: [], old: [] };
    const outcomes = { sdk: {}, fetch: {}, old: {} };
    for (let r = 0; r < reps; r++) {
      for (let j = 0; j < CLIENTS.length; j++) {
        const k = CLIENTS[(r + j) % CLIENTS.length];
        let next = 0;
        const t0 = now();
        await Promise.all(
          Array.from({ length: inflight }, async () => {
            while (next < total) {
              next++;
              count(outcomes[k], await clients[k]());
            }
          }),
        );
        ms[k].push(now() - t0);
      }
    }
    return { ms, outcomes };
  },

  // Memory phase (a page of its own): `client` is "sdk" or "fetch" (the baseline).
  // Calls alternate between a found lookup (cache off) and a miss (cache on).
  async memSetup(client) {
    let calls;
    if (client === "sdk") {
      const mod = await loadSdk();
      const [a, b] = await Promise.all([newSession(), newSession()]);
      // The package instantiates its (inlined) wasm on first use and keeps the instance to
      // itself: catch it as it is made, to read its linear memory (its one exported
      // memory, under a minified name).
      const Instance = WebAssembly.Instance;
      WebAssembly.Instance = function (module, imports) {
        const instance = new Instance(module, imports);
        self.benchWasmMemory = Object.values(instance.exports).find((v) => v instanceof WebAssembly.Memory);
        return instance;
      };
      try {
        calls = [sdkClient(mod, a, "found"), sdkClient(mod, b, "miss")];
      } finally {
        WebAssembly.Instance = Instance;
      }
      this.wasmMemory = self.benchWasmMemory;
    } else {
      const meta = await metaOfSdk();
      const [a, b] = await Promise.all([newSession(), newSession()]);
      calls = [fetchClient(a, meta, "found"), fetchClient(b, meta, "miss")];
    }
    this.memCalls = calls;
    return true;
  },
  async memRun(n) {
    const outcomes = {};
    for (let i = 0; i < n; i++) count(outcomes, await this.memCalls[i % 2]());
    return outcomes;
  },
  wasmBytes() {
    return this.wasmMemory ? this.wasmMemory.buffer.byteLength : null;
  },
};

// A run with no debugger client attached: bench/run.mjs starts Chromium on this page with
// `?run=latency&calls=N&warmup=W&report=URL` and no CDP, WebDriver or Playwright
// connection (a debugger client makes Chromium record a stack trace for every request,
// which costs more the deeper the caller's stack is). The page measures latency() for
// both kinds of lookup and POSTs the samples, and any error the page saw, as JSON text to
// `report` (a server of run.mjs on 127.0.0.1).
{
  const q = new URLSearchParams(location.search);
  if (q.get("run") === "latency") {
    const problems = [];
    addEventListener("error", (e) => problems.push(String(e.message)));
    addEventListener("unhandledrejection", (e) => problems.push(String(e.reason)));
    (async () => {
      const out = { latency: {}, problems };
      try {
        for (const kind of ["found", "miss"]) {
          out.latency[kind] = await window.bench.latency(kind, Number(q.get("calls")), Number(q.get("warmup")));
        }
      } catch (e) {
        problems.push(String(e));
      }
      await fetch(q.get("report"), { method: "POST", body: JSON.stringify(out) });
    })();
  }
}
