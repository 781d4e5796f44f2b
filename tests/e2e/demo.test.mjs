// The demo checkout page (www-demo/) with the release package, served on the local Client
// API's page origin (the API itself on another origin, as in production) under the page's
// strict Content-Security-Policy, driven like a shopper would.
// Screenshots go to target/screenshots/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { launch, apiUrl, pageUrl } from "./browser.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const shots = join(root, "target/screenshots");
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' http://127.0.0.1:*";
const ADDRESS = ["firstName", "surname", "street", "zip", "city", "emailAddress", "phoneNumber"];

let browser;
let seq = 0;
before(async () => {
  mkdirSync(shots, { recursive: true });
  browser = await launch();
});
after(() => browser?.close());

/**
 * Opens the demo for a fresh customer id (so faults can be queued on its session) and
 * waits until it has settled. Records CSP violations, page errors and console errors.
 */
async function openDemo(t, query = {}) {
  const customerId = `demo-e2e-${process.pid}-${++seq}`;
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  t.after(() => context.close());
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener(
      "securitypolicyviolation",
      (e) => window.__cspViolations.push(`${e.effectiveDirective} ${e.blockedURI}`),
      true,
    );
  });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e}`));
  page.on("console", (m) => {
    const text = m.text();
    // Chromium logs every non-2xx answer; the error answers are part of the scenarios.
    if (/Content.Security.Policy|Refused to/i.test(text)) problems.push(`console: ${text}`);
    else if (m.type() === "error" && !text.startsWith("Failed to load resource")) problems.push(`console: ${text}`);
  });
  const search = new URLSearchParams({ customerId, ...query });
  await page.goto(`${pageUrl()}/?${search}`);
  await page.waitForSelector("body:not([data-state=loading])", { timeout: 20000 });
  /** Fails the test on any CSP violation, page error or unexpected console error. */
  const assertClean = async () => {
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], "CSP violations");
    assert.deepEqual(problems, []);
  };
  return { page, customerId, assertClean };
}

async function control(path, body) {
  const r = await fetch(`${apiUrl()}/_control/sessions/${path}`, body === undefined ? {} : { method: "POST", body: JSON.stringify(body) });
  assert.ok(r.ok, `${path}: ${r.status}`);
  return r.json();
}
const queueFaults = (customerId, faults) => control(`${encodeURIComponent(customerId)}/faults`, faults);
async function lookupsSent(customerId) {
  const { requests } = await control(`${encodeURIComponent(customerId)}/requests`);
  return requests.filter((r) => r.path.endsWith("/customerDetails")).map((r) => JSON.parse(r.body));
}

const state = (page) => page.getAttribute("body", "data-state");
const waitState = (page, s) => page.waitForSelector(`body[data-state="${s}"]`, { timeout: 15000 });
const message = (page) => page.textContent("#lookup-message");
const address = (page) => Promise.all(ADDRESS.map((name) => page.inputValue(`#address [name=${name}]`)));
const findButton = (page) => page.getByRole("button", { name: "Find my address" });

async function chooseCountry(page, code, firstField) {
  await page.getByLabel("Country").selectOption(code);
  await page.waitForSelector(`#lookup-${firstField}`);
  await waitState(page, "ready");
}

test("the page enforces its strict CSP, and a violation would be seen", async (t) => {
  const { page } = await openDemo(t);
  const meta = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");
  assert.equal(meta, CSP);
  assert.equal(await state(page), "ready");
  // A request to another origin ("localhost" is not "127.0.0.1") must be blocked and reported.
  const other = pageUrl().replace("127.0.0.1", "localhost");
  const outcome = await page.evaluate((url) => fetch(url).then(() => "sent", () => "blocked"), `${other}/_control/health`);
  assert.equal(outcome, "blocked");
  await page.waitForFunction(() => window.__cspViolations.length > 0);
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), [`connect-src ${other}/_control/health`]);
});

test("SE: personal number from the product's fields, masked, busy state, address filled", async (t) => {
  const { page, customerId, assertClean } = await openDemo(t);
  const input = page.getByLabel("Personal number");
  assert.equal(await input.getAttribute("placeholder"), "YYYYMMDDNNNN");
  assert.equal(await input.getAttribute("inputmode"), "numeric");
  assert.equal(await page.locator("#lookup-fields input").count(), 1, "only the lookup field");
  await input.pressSequentially("012345678901");
  assert.equal(await input.inputValue(), "01234567-8901", "the display mask {{99999999}}-{{9999}}");

  await queueFaults(customerId, { delayMs: 800 });
  await findButton(page).click();
  await waitState(page, "busy");
  assert.equal((await page.textContent("#find")).trim(), "Finding your address…");
  assert.equal(await page.getAttribute("#lookup", "aria-busy"), "true");
  assert.equal(await page.getAttribute("#find", "aria-disabled"), "true");
  await waitState(page, "filled");
  assert.equal((await page.textContent("#find")).trim(), "Find my address");
  assert.deepEqual(await address(page), [
    "Gustav", "Adolfs", "Gustav Adolfs torg 22", "111 52", "Stockholm", "gustav.adolfs@stockholm.se", "0123456789",
  ]);
  assert.match(await message(page), /We found your address/);
  assert.deepEqual(await lookupsSent(customerId), [
    { countryCode: "SE", values: [{ key: "fiscalNumber", value: "012345678901" }] },
  ], "the unmasked value is sent");
  const { preflights } = await control(`${encodeURIComponent(customerId)}/requests`);
  assert.ok(preflights >= 1, "the page called the API cross-origin (CORS preflight seen)");
  await page.waitForTimeout(1700); // let the highlight fade before the picture
  await page.screenshot({ path: join(shots, "demo-se-filled.png"), fullPage: true });
  await assertClean();
});

test("NO: mobile number and postal code, submitted with Enter", async (t) => {
  const { page, customerId, assertClean } = await openDemo(t);
  await chooseCountry(page, "NO", "phoneNumber");
  const phone = page.getByLabel("Mobile number");
  assert.equal(await phone.getAttribute("type"), "tel");
  assert.equal(await phone.getAttribute("placeholder"), "4XXXXXXX");
  assert.equal(await page.locator("#lookup-fields input").count(), 2);
  await phone.pressSequentially("40612345");
  await page.locator("#lookup-zip").pressSequentially("0150");
  await page.keyboard.press("Enter");
  await waitState(page, "filled");
  assert.deepEqual(await address(page), [
    "Kari", "Nordmann", "Karl Johans gate 22", "0150", "Oslo", "kari.nordmann@example.no", "40612345",
  ]);
  assert.equal(await page.textContent("label[for=lookup-zip]"), "Postal code");
  assert.match(await page.textContent("#summary-total"), /kr/);
  const [sent] = await lookupsSent(customerId);
  assert.equal(sent.countryCode, "NO");
  assert.deepEqual(sent.values.sort((a, b) => a.key.localeCompare(b.key)), [
    { key: "phoneNumber", value: "40612345" },
    { key: "zip", value: "0150" },
  ]);
  await page.screenshot({ path: join(shots, "demo-no-filled.png"), fullPage: true });
  await assertClean();
});

test("FI: personal identity code and postal code", async (t) => {
  const { page, assertClean } = await openDemo(t);
  await chooseCountry(page, "FI", "fiscalNumber");
  await page.getByLabel("Personal identity code").fill("131052-308T");
  await page.locator("#lookup-zip").fill("00100");
  await findButton(page).click();
  await waitState(page, "filled");
  assert.deepEqual((await address(page)).slice(0, 5), ["Matti", "Meikäläinen", "Mannerheimintie 1", "00100", "Helsinki"]);
  assert.match(await page.textContent("#summary-total"), /€/);
  await assertClean();
});

test("nothing found (1214) shows its message and leaves the address empty", async (t) => {
  const { page, assertClean } = await openDemo(t);
  await page.getByLabel("Personal number").fill("199001011234");
  await findButton(page).click();
  await waitState(page, "not-found");
  assert.match(await message(page), /couldn't find an address for these details/);
  assert.equal(await page.getAttribute("#lookup-message", "role"), "status");
  assert.deepEqual(await address(page), ["", "", "", "", "", "", ""]);
  await page.screenshot({ path: join(shots, "demo-not-found.png"), fullPage: true });
  await assertClean();
});

test("values the product's rules reject are marked on the field, and nothing is sent", async (t) => {
  const { page, customerId, assertClean } = await openDemo(t);
  const input = page.getByLabel("Personal number");
  await findButton(page).click();
  await waitState(page, "invalid");
  assert.equal(await page.textContent("#lookup-fiscalNumber-error"), "Enter your personal number.");
  assert.equal(await input.getAttribute("aria-invalid"), "true");
  assert.equal(await input.getAttribute("aria-describedby"), "lookup-fiscalNumber-error");
  assert.equal(await page.evaluate(() => document.activeElement.id), "lookup-fiscalNumber", "focus moves to the field");

  await input.pressSequentially("12345");
  assert.equal(await input.getAttribute("aria-invalid"), null, "typing clears the mark");
  await input.press("Enter");
  await waitState(page, "invalid");
  assert.equal(await page.textContent("#lookup-fiscalNumber-error"), "Personal number must be 10 to 12 digits long.");
  assert.deepEqual(await lookupsSent(customerId), []);
  await page.screenshot({ path: join(shots, "demo-invalid.png"), fullPage: true });
  await assertClean();
});

test("a product not available for the country shows its message", async (t) => {
  const { page, customerId, assertClean } = await openDemo(t);
  const body = JSON.stringify({
    errorId: "e2e-1103",
    errors: [{ code: "1103", id: "PRODUCT_NOT_AVAILABLE", category: "CONNECT_PLATFORM_ERROR", httpStatusCode: 400, propertyName: "countryCode" }],
  });
  await queueFaults(customerId, { status: 400, body });
  await page.getByLabel("Country").selectOption("NO");
  await waitState(page, "unavailable");
  assert.equal(await message(page), "Invoice isn't available in Norway. Choose another country, or another payment method.");
  assert.equal(await page.locator("#lookup-fields input").count(), 0);
  assert.equal(await page.getAttribute("#find", "aria-disabled"), "true");
  await assertClean();
});

test("network failure and timeout show their messages, and a retry then works", async (t) => {
  const { page, customerId, assertClean } = await openDemo(t, { timeoutMs: "1500" });
  await page.getByLabel("Personal number").fill("012345678901");

  await queueFaults(customerId, [{ close: true }, { hang: true }]);
  await findButton(page).click();
  await waitState(page, "network");
  assert.match(await message(page), /couldn't reach the address service/);

  await findButton(page).click();
  await waitState(page, "timeout");
  assert.match(await message(page), /taking too long/);

  await findButton(page).click();
  await waitState(page, "filled");
  assert.equal(await page.inputValue("#firstName"), "Gustav");
  await assertClean();
});

test("a network failure while loading the fields offers a retry that works", async (t) => {
  const { page, customerId, assertClean } = await openDemo(t);
  await queueFaults(customerId, { close: true });
  await page.getByLabel("Country").selectOption("FI");
  await waitState(page, "network");
  await page.getByRole("button", { name: "Try again" }).click();
  await waitState(page, "ready");
  assert.equal(await page.locator("#lookup-fields input").count(), 2);
  await assertClean();
});

test("keyboard only: every control is labelled and reachable, the lookup runs from the keyboard", async (t) => {
  const { page, assertClean } = await openDemo(t);
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll("input, select")].filter((el) => el.labels.length === 0).map((el) => el.id));
  assert.deepEqual(unlabelled, []);

  const order = [];
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press("Tab");
    order.push(await page.evaluate(() => document.activeElement.id || document.activeElement.textContent.trim()));
  }
  assert.deepEqual(order, ["Skip to the address lookup", "country", "lookup-fiscalNumber", "find"]);
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.type("012345678901");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  await waitState(page, "filled");
  assert.equal(await page.inputValue("#street"), "Gustav Adolfs torg 22");
  const focus = await page.evaluate(() => document.activeElement.id);
  assert.equal(focus, "find", "focus stays on the button");
  await assertClean();
});
