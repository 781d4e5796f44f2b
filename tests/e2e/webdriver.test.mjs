// The WebDriver client (./webdriver.mjs) in each of the three engines: navigation, sync and
// async scripts (values and page errors), typing, clicking, screenshots, and that nothing
// it started outlives it, also when the callback overruns its time limit.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENGINES, PageError, withBrowser } from "./webdriver.mjs";

const PAGE = `<!doctype html><title>webdriver client</title>
<input id="name"><button id="go" onclick="document.getElementById('out').textContent = 'Hello, ' + document.getElementById('name').value">Go</button>
<p id="out"></p>`;

let server;
let url;
before(async () => {
  server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(PAGE);
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  url = `http://127.0.0.1:${server.address().port}/`;
});
after(() => server?.close());

/** Whether any process of group `pgid` is still alive. */
function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

for (const engine of ENGINES) {
  test(`${engine}: navigate, scripts, typing, clicks, screenshot; nothing left running`, async () => {
    const shot = join(tmpdir(), `webdriver-${engine}-${process.pid}.png`);
    const groups = await withBrowser(engine, async (b) => {
      assert.ok(b.browserVersion, "the session names its browser version");
      await b.get(url);
      assert.equal(await b.execute(() => document.title), "webdriver client");
      assert.equal(await b.execute((a, c) => a + c, 2, 3), 5);
      assert.equal(await b.executeAsync(async (ms) => new Promise((r) => setTimeout(() => r("later"), ms)), 50), "later");
      assert.equal(await b.executeAsync(() => undefined), null);
      // A page rejection carries the error's name, message and own properties.
      await assert.rejects(
        b.executeAsync(async () => {
          const e = new Error("the wasm did not load");
          e.name = "ConnectLoadError";
          e.status = 0;
          e.errors = [{ id: "LOAD_ERROR" }];
          throw e;
        }),
        (e) => e instanceof PageError && e.name === "ConnectLoadError" && e.message === "the wasm did not load" &&
          e.page.status === 0 && e.page.errors[0].id === "LOAD_ERROR",
      );
      await assert.rejects(b.execute(() => null.x), (e) => e instanceof PageError && e.name === "TypeError");
      await b.type("#name", "Gustav $& $1");
      await b.click("#go");
      assert.equal(await b.waitFor(() => document.getElementById("out").textContent), "Hello, Gustav $& $1");
      assert.equal(await b.text("#out"), "Hello, Gustav $& $1");
      await b.screenshot(shot);
      return b.processGroups;
    });
    const png = readFileSync(shot);
    rmSync(shot);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "a PNG");
    assert.ok(groups.length >= 1);
    assert.deepEqual(groups.filter(groupAlive), [], "the driver and browser processes are gone");
  });
}

test("webkit: a callback that overruns its limit fails, and everything is stopped", async () => {
  let groups = [];
  await assert.rejects(
    withBrowser("webkit", async (b) => {
      groups = b.processGroups;
      await new Promise(() => {}); // never settles
    }, { timeoutMs: 500 }),
    /still running after 500 ms/,
  );
  assert.equal(groups.length, 2, "Xvfb and WebKitWebDriver");
  assert.deepEqual(groups.filter(groupAlive), []);
});
