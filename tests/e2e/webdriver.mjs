// A small W3C WebDriver client with no npm dependency: drives Debian's WebKitGTK MiniBrowser
// (Safari's engine, through WebKitWebDriver under a private Xvfb), Firefox ESR (geckodriver)
// and Chromium (chromedriver), with the project's browser flags from webdriver.json.
//
//   import { withBrowser } from "./webdriver.mjs";
//   await withBrowser("webkit", async (b) => {
//     await b.get(url);
//     const r = await b.executeAsync(async (x) => (await fetch(x)).status, url);
//     await b.screenshot("target/screenshots/x.png");
//   });
//
// Every server it starts listens on 127.0.0.1 only, runs in its own process group (so
// stopping it stops the browser it started too) and is stopped when the callback ends or
// throws, when it overruns its time limit, and when this process exits or is interrupted.
// Node's own `fetch` speaks to the driver; every command has a time limit. The tests start
// their own servers with the same `startGroup`, on a port from `freePort`.

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

/** The engines this client drives. */
export const ENGINES = ["chromium", "firefox", "webkit"];

/** The browser flags of webdriver.json (also read by wasm-bindgen-test-runner). */
function projectCapabilities() {
  return JSON.parse(readFileSync(join(root, "webdriver.json"), "utf8"));
}

/** How each engine's driver starts, and the capabilities its session asks for. */
const DRIVERS = {
  chromium: {
    display: false,
    // Without --allowed-ips chromedriver binds the loopback interface only.
    command: (port) => ["chromedriver", [`--port=${port}`]],
    capabilities() {
      const options = structuredClone(projectCapabilities()["goog:chromeOptions"] ?? {});
      options.binary = "/usr/bin/chromium";
      return { browserName: "chrome", "goog:chromeOptions": options };
    },
  },
  firefox: {
    display: false,
    command: (port) => ["geckodriver", ["--port", String(port), "--host", "127.0.0.1"]],
    capabilities() {
      const options = structuredClone(projectCapabilities()["moz:firefoxOptions"] ?? {});
      options.binary = existsSync("/usr/bin/firefox-esr") ? "/usr/bin/firefox-esr" : "/usr/bin/firefox";
      return { browserName: "firefox", "moz:firefoxOptions": options };
    },
  },
  webkit: {
    // MiniBrowser has no headless mode: without a display, creating a session hangs.
    display: true,
    command: (port) => ["WebKitWebDriver", [`--port=${port}`, "--host=local"]],
    // WebKitWebDriver's default browser is MiniBrowser with --automation (without that
    // flag the session never starts); the wasm-bindgen test runner relies on it too.
    capabilities: () => ({}),
  },
};

// ---- processes ---------------------------------------------------------------------------

/** Process groups started here and not yet stopped: killed when this process exits. */
const live = new Set();

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: nothing left in the group
  }
}

process.on("exit", () => {
  for (const pid of live) killGroup(pid, "SIGKILL");
});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.once(signal, () => {
    for (const pid of live) killGroup(pid, "SIGKILL");
    process.kill(process.pid, signal); // the default action now: exit
  });
}

/**
 * Starts `command` in its own process group, in `cwd` (default this process's); its output
 * is kept (the last 8 KB) for error messages, and `child.stdout`/`child.stderr` can be read
 * too. The group is stopped by `stop()`, or when this process exits or is interrupted.
 */
export function startGroup(command, args, { env = process.env, cwd, extraFds = 0 } = {}) {
  const stdio = ["ignore", "pipe", "pipe", ...Array(extraFds).fill("pipe")];
  const child = spawn(command, args, { env, cwd, stdio, detached: true });
  let output = "";
  const keep = (chunk) => {
    output = (output + chunk).slice(-8192);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  let exited = false;
  const exit = new Promise((done) => {
    child.once("exit", () => {
      exited = true;
      done();
    });
    child.once("error", (e) => {
      keep(`${e.message}\n`);
      exited = true;
      done();
    });
  });
  if (child.pid !== undefined) live.add(child.pid);
  // Neither the child nor its pipes keep this process alive; the exit hook stops them.
  child.unref();
  for (const s of child.stdio) s?.unref?.();
  return {
    child,
    exit,
    get exited() {
      return exited;
    },
    output: () => output,
    /** TERM to the whole group, KILL after `graceMs` if anything is left. */
    async stop(graceMs = 3000) {
      const pid = child.pid;
      if (pid === undefined) return;
      if (killGroup(pid, "SIGTERM")) {
        const until = Date.now() + graceMs;
        while (Date.now() < until && killGroup(pid, 0)) await sleep(50);
        killGroup(pid, "SIGKILL");
      }
      live.delete(pid);
    },
  };
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * A free TCP port on 127.0.0.1: bound, then closed again, so nobody listens there until
 * the caller binds it (a driver, a server), or a connection to it is refused.
 */
export function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** A private X server (Xvfb picks a free display and reports it on fd 3 once ready). */
async function startXvfb(timeoutMs = 10000) {
  const xvfb = startGroup("Xvfb", ["-displayfd", "3", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"], { extraFds: 1 });
  let text = "";
  const display = await new Promise((done) => {
    const timer = setTimeout(() => done(null), timeoutMs);
    xvfb.child.stdio[3].on("data", (chunk) => {
      text += chunk;
      if (text.includes("\n")) {
        clearTimeout(timer);
        done(`:${text.trim()}`);
      }
    });
    xvfb.exit.then(() => {
      clearTimeout(timer);
      done(null);
    });
  });
  if (!display) {
    await xvfb.stop();
    throw new Error(`Xvfb did not start: ${xvfb.output()}`);
  }
  return { display, pid: xvfb.child.pid, stop: () => xvfb.stop() };
}

// ---- the protocol ------------------------------------------------------------------------

/** An error the driver answered with (`error` is the W3C error code). */
export class WebDriverError extends Error {
  constructor(error, message, command) {
    super(`${command}: ${error}: ${message}`);
    this.name = "WebDriverError";
    this.error = error;
  }
}

/**
 * An error thrown or a promise rejected in the page, by `execute`/`executeAsync`:
 * `name` and `message` are the page's, `page` its own enumerable properties too (such as
 * an SDK error's `status` and `errors`).
 */
export class PageError extends Error {
  constructor(page) {
    super(page?.message ?? String(page?.value));
    this.name = page?.name ?? "PageError";
    this.page = page;
  }
}

async function command(base, method, path, body, timeoutMs) {
  const what = `${method} ${path}`;
  let response;
  try {
    response = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json; charset=utf-8" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    const why = e.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : `${e.cause?.code ?? e.name}: ${e.cause?.message ?? e.message}`;
    throw new Error(`${what}: the driver did not answer (${why})`);
  }
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${what}: HTTP ${response.status}, not JSON: ${text.slice(0, 200)}`);
  }
  const value = json?.value;
  if (!response.ok || (value && typeof value === "object" && typeof value.error === "string")) {
    throw new WebDriverError(value?.error ?? `HTTP ${response.status}`, value?.message ?? text.slice(0, 200), what);
  }
  return value;
}

/** A function, or the source of a function, as source text. */
const source = (fn) => (typeof fn === "function" ? fn.toString() : String(fn));

// Page-side wrappers: call the function with the arguments and report the outcome, an
// error as a plain object (WebDriver cannot serialise every Error).
const SERIALISE = `(e) => (e instanceof Object
  ? Object.assign({}, e, { name: String(e.name), message: String(e.message) })
  : { name: "PageError", message: String(e), value: String(e) })`;
const SYNC_WRAPPER = `
const serialise = ${SERIALISE};
try {
  const value = (FN).apply(null, Array.prototype.slice.call(arguments));
  return { ok: true, value: value === undefined ? null : value };
} catch (e) { return { ok: false, error: serialise(e) }; }`;
const ASYNC_WRAPPER = `
const serialise = ${SERIALISE};
const done = arguments[arguments.length - 1];
const args = Array.prototype.slice.call(arguments, 0, -1);
const fail = (e) => done({ ok: false, error: serialise(e) });
try {
  Promise.resolve((FN).apply(null, args))
    .then((value) => done({ ok: true, value: value === undefined ? null : value }), fail);
} catch (e) { fail(e); }`;
// A function replacer: a `$` in the source must not be read as a replacement pattern.
const wrap = (wrapper, fn) => wrapper.replace("FN", () => source(fn));

/** One browser session (see `launch`). */
export class Browser {
  constructor({ engine, base, session, capabilities, stop, scriptTimeoutMs, processGroups }) {
    /** "chromium", "firefox" or "webkit". */
    this.engine = engine;
    /** The session's capabilities as the driver answered them. */
    this.capabilities = capabilities;
    /** The browser's name and version, e.g. "MiniBrowser 2.50.6". */
    this.browserName = capabilities.browserName;
    this.browserVersion = capabilities.browserVersion;
    /** The process groups started for this browser (its driver's, and Xvfb's). */
    this.processGroups = processGroups;
    this._base = `${base}/session/${session}`;
    this._stop = stop;
    this._scriptTimeoutMs = scriptTimeoutMs;
  }

  _cmd(method, path, body, timeoutMs = 30000) {
    return command(this._base, method, path, body, timeoutMs);
  }

  /** Opens `url` and waits for its load event. */
  async get(url) {
    await this._cmd("POST", "/url", { url }, 60000);
  }

  /** The current page's URL. */
  url() {
    return this._cmd("GET", "/url");
  }

  /** Runs `fn(...args)` in the page and returns its (JSON-able) result. */
  async execute(fn, ...args) {
    const out = await this._cmd("POST", "/execute/sync", { script: wrap(SYNC_WRAPPER, fn), args });
    if (!out.ok) throw new PageError(out.error);
    return out.value;
  }

  /**
   * Runs `fn(...args)` in the page, awaits the promise it returns (it may be an async
   * function) and returns the resolved value; a rejection becomes a `PageError`. Bounded
   * by the script timeout (`launch`'s `scriptTimeoutMs`).
   */
  async executeAsync(fn, ...args) {
    const out = await this._cmd(
      "POST",
      "/execute/async",
      { script: wrap(ASYNC_WRAPPER, fn), args },
      this._scriptTimeoutMs + 10000,
    );
    if (!out.ok) throw new PageError(out.error);
    return out.value;
  }

  /**
   * Waits until `fn(...args)` returns (or resolves to) something truthy in the page, polled
   * every 100 ms from here (no eval in the page, so a strict CSP does not get in the way),
   * and returns it; throws after `timeoutMs`.
   */
  async waitFor(fn, { timeoutMs = 15000, args = [] } = {}) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await this.executeAsync(fn, ...args);
      if (value) return value;
      if (Date.now() > until) throw new Error(`waitFor: still false after ${timeoutMs} ms: ${source(fn).slice(0, 200)}`);
      await sleep(100);
    }
  }

  /**
   * The WebDriver element id of the first match of `css`; waits up to `timeoutMs` for it.
   * `host >>> inner` looks for `inner` in the open shadow root of `host` (custom elements).
   */
  async find(css, { timeoutMs = 10000 } = {}) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      try {
        const el = css.includes(">>>") ? await this._findInShadow(css.split(">>>").map((p) => p.trim())) : await this._cmd("POST", "/element", { using: "css selector", value: css });
        return el[ELEMENT];
      } catch (e) {
        if (!(e instanceof WebDriverError && e.error === "no such element") || Date.now() > until) throw e;
        await sleep(100);
      }
    }
  }

  /** The element at the end of a chain of selectors, each inside the previous one's shadow root. */
  async _findInShadow(parts) {
    const el = await this._cmd("POST", "/execute/sync", {
      script: `let node = document;
        for (const css of arguments[0]) node = (node.shadowRoot ?? node).querySelector(css);
        return node ?? null;`,
      args: [parts],
    });
    if (!el) throw new WebDriverError("no such element", `no element ${parts.join(" >>> ")}`, "find");
    return el;
  }

  /** Clicks the first match of `css` as a user would. */
  async click(css) {
    await this._cmd("POST", `/element/${await this.find(css)}/click`, {});
  }

  /** Types `text` into the first match of `css` (key by key, as a user would). */
  async type(css, text) {
    await this._cmd("POST", `/element/${await this.find(css)}/value`, { text });
  }

  /** Empties the first match of `css` (an input). */
  async clear(css) {
    await this._cmd("POST", `/element/${await this.find(css)}/clear`, {});
  }

  /** The rendered text of the first match of `css`. */
  async text(css) {
    return this._cmd("GET", `/element/${await this.find(css)}/text`);
  }

  /** The value of property `name` (default "value") of the first match of `css`. */
  async property(css, name = "value") {
    return this._cmd("GET", `/element/${await this.find(css)}/property/${encodeURIComponent(name)}`);
  }

  /** Sets the window's size (where the driver allows it). */
  async setWindowSize(width, height) {
    await this._cmd("POST", "/window/rect", { width, height });
  }

  /** Saves a PNG of the viewport to `path` (directories created); returns the path. */
  async screenshot(path) {
    const png = Buffer.from(await this._cmd("GET", "/screenshot", undefined, 30000), "base64");
    mkdirSync(dirname(resolve(path)), { recursive: true });
    writeFileSync(path, png);
    return path;
  }

  /** Ends the session and stops the driver, the browser and the X server. Idempotent. */
  async quit() {
    if (!this._stop) return;
    const stop = this._stop;
    this._stop = null;
    try {
      await command(this._base, "DELETE", "", undefined, 10000);
    } catch {
      // The driver is stopped below either way.
    }
    await stop();
  }
}

/**
 * Starts `engine` ("chromium" | "firefox" | "webkit"): its driver on a free port of
 * 127.0.0.1 (WebKit's under a private Xvfb), then a session. Call `quit()` when done, or
 * use `withBrowser`. Options: `capabilities` (merged into the engine's), `window`
 * ({width, height}; default 1100 x 900), `scriptTimeoutMs` (default 30000),
 * `startTimeoutMs` (default 60000).
 */
export async function launch(engine, options = {}) {
  const driver = DRIVERS[engine];
  if (!driver) throw new Error(`unknown engine ${engine}: one of ${ENGINES.join(", ")}`);
  const { capabilities = {}, window = { width: 1100, height: 900 }, scriptTimeoutMs = 30000, startTimeoutMs = 60000 } = options;
  const stops = [];
  const processGroups = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  try {
    const env = { ...process.env };
    if (driver.display) {
      const xvfb = await startXvfb();
      stops.push(xvfb.stop);
      processGroups.push(xvfb.pid);
      env.DISPLAY = xvfb.display;
    }
    const port = await freePort();
    const [cmd, args] = driver.command(port);
    const server = startGroup(cmd, args, { env });
    stops.push(() => server.stop());
    processGroups.push(server.child.pid);
    const base = `http://127.0.0.1:${port}`;
    const until = Date.now() + startTimeoutMs;
    for (;;) {
      if (server.exited) throw new Error(`${cmd} exited: ${server.output()}`);
      try {
        const status = await command(base, "GET", "/status", undefined, 2000);
        if (status?.ready !== false) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > until) throw new Error(`${cmd} did not start within ${startTimeoutMs} ms: ${server.output()}`);
      await sleep(100);
    }
    const alwaysMatch = { ...driver.capabilities(), ...capabilities };
    let created;
    try {
      created = await command(base, "POST", "/session", { capabilities: { alwaysMatch } }, startTimeoutMs);
    } catch (e) {
      throw new Error(`${engine}: no session: ${e.message}\n${server.output()}`);
    }
    const browser = new Browser({
      engine,
      base,
      session: created.sessionId,
      capabilities: created.capabilities ?? {},
      stop: stopAll,
      scriptTimeoutMs,
      processGroups,
    });
    try {
      await browser._cmd("POST", "/timeouts", { script: scriptTimeoutMs, pageLoad: 60000, implicit: 0 });
      if (window) await browser.setWindowSize(window.width, window.height).catch(() => {});
    } catch (e) {
      await browser.quit();
      throw e;
    }
    return browser;
  } catch (e) {
    await stopAll();
    throw e;
  }
}

/**
 * Runs `fn(browser)` with a fresh `engine` session and always stops it afterwards; fails
 * if `fn` takes longer than `timeoutMs` (default 120000). Returns what `fn` returns.
 */
export async function withBrowser(engine, fn, options = {}) {
  const { timeoutMs = 120000 } = options;
  const browser = await launch(engine, options);
  let timer;
  try {
    const overrun = new Promise((_, fail) => {
      timer = setTimeout(() => fail(new Error(`${engine}: still running after ${timeoutMs} ms`)), timeoutMs);
    });
    return await Promise.race([fn(browser), overrun]);
  } finally {
    clearTimeout(timer);
    await browser.quit();
  }
}

// `node tests/e2e/webdriver.mjs versions [engine...]`: each engine's browser name and version.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === "versions") {
  const engines = process.argv.length > 3 ? process.argv.slice(3) : ENGINES;
  for (const engine of engines) {
    const line = await withBrowser(engine, async (b) => `${engine}: ${b.browserName} ${b.browserVersion}`, { timeoutMs: 60000 });
    console.log(line);
  }
}
