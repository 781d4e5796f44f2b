// The demo checkout page (www-demo/) with the release package, served on the local Client
// API's page origin (the API itself on another origin, as in production) under the page's
// strict Content-Security-Policy, driven like a shopper would. Its lookup form is the
// <connect-address-lookup> element (connect-sdk-client-wasm/element): Playwright's
// selectors reach into its open shadow root. Screenshots go to target/screenshots/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { launch, pageUrl, control, queueFaults, lookupsSent } from "./browser.mjs";

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
    window.__lookupErrors = [];
    document.addEventListener("lookuperror", (e) => window.__lookupErrors.push(e.detail.reason));
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
  await page.waitForSelector("#lookup[state]:not([state=idle]):not([state=loading])", { timeout: 20000 });
  /** Fails the test on any CSP violation, page error or unexpected console error. */
  const assertClean = async () => {
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], "CSP violations");
    assert.deepEqual(problems, []);
  };
  return { page, customerId, assertClean };
}


const state = (page) => page.getAttribute("#lookup", "state");
const waitState = (page, s) => page.waitForSelector(`#lookup[state="${s}"]`, { timeout: 15000 });
const message = (page) => page.textContent("#lookup .message");
const address = (page) => Promise.all(ADDRESS.map((name) => page.inputValue(`#address [name=${name}]`)));
const findButton = (page, name = "Find my address") => page.getByRole("button", { name });
const lookupErrors = (page) => page.evaluate(() => window.__lookupErrors);
/** The focused element, inside the element's shadow root too. */
const focused = (page) =>
  page.evaluate(() => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return a.id || a.textContent.trim();
  });
const caret = (input) => input.evaluate((el) => [el.selectionStart, el.selectionEnd]);

async function chooseCountry(page, code, firstField) {
  await page.getByLabel("Country").selectOption(code);
  await page.waitForSelector(`#lookup-${firstField}`);
  await waitState(page, "ready");
}

test("the page enforces its strict CSP, and a violation would be seen; the element is styled without inline styles", async (t) => {
  const { page, assertClean } = await openDemo(t);
  const meta = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");
  assert.equal(meta, CSP);
  assert.equal(await state(page), "ready");
  // Styles come from a constructable stylesheet, coloured by the page's custom properties
  // and ::part() rules; no style attribute anywhere.
  const look = await page.evaluate(() => {
    const root = document.querySelector("connect-address-lookup").shadowRoot;
    const button = root.querySelector("[part=button]");
    return {
      sheets: root.adoptedStyleSheets.length,
      styled: [...document.querySelectorAll("[style]"), ...root.querySelectorAll("[style]")].length,
      background: getComputedStyle(button).backgroundColor,
    };
  });
  assert.deepEqual(look, { sheets: 1, styled: 0, background: "rgb(11, 110, 79)" });
  // A request to another origin ("localhost" is not "127.0.0.1") must be blocked and reported.
  const other = pageUrl().replace("127.0.0.1", "localhost");
  const outcome = await page.evaluate((url) => fetch(url).then(() => "sent", () => "blocked"), `${other}/_control/health`);
  assert.equal(outcome, "blocked");
  await page.waitForFunction(() => window.__cspViolations.length > 0);
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), [`connect-src ${other}/_control/health`]);
});

test("SE: personal number from the product's fields, masked as typed, busy state, address filled", async (t) => {
  const { page, customerId, assertClean } = await openDemo(t);
  const input = page.getByLabel("Personal number");
  assert.equal(await input.getAttribute("placeholder"), "YYYYMMDDNNNN");
  assert.equal(await input.getAttribute("inputmode"), "numeric");
  assert.equal(await input.getAttribute("autocomplete"), "off");
  assert.equal(await input.getAttribute("aria-required"), "true");
  assert.equal(await input.getAttribute("maxlength"), "13", "the mask's length");
  assert.equal(await page.getAttribute("#lookup [part=required]", "aria-hidden"), "true", "a required mark");
  assert.equal(await page.locator("#lookup input").count(), 1, "only the lookup field");
  await input.pressSequentially("012345678901");
  assert.equal(await input.inputValue(), "01234567-8901", "the display mask {{99999999}}-{{9999}}");

  await queueFaults(customerId, { delayMs: 800 });
  await findButton(page).click();
  await waitState(page, "busy");
  assert.equal((await page.textContent("#lookup [part=button]")).trim(), "Finding your address…");
  assert.equal(await page.getAttribute("#lookup form", "aria-busy"), "true");
  assert.equal(await page.getAttribute("#lookup [part=button]", "aria-disabled"), "true");
  await waitState(page, "found");
  assert.equal((await page.textContent("#lookup [part=button]")).trim(), "Find my address");
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

test("the mask keeps the caret where the shopper types, and backspace skips the inserted dash", async (t) => {
  const { page, assertClean } = await openDemo(t);
  const input = page.getByLabel("Personal number");
  await input.pressSequentially("1234567890");
  assert.equal(await input.inputValue(), "12345678-90");
  assert.deepEqual(await caret(input), [11, 11]);
  // Typing in the middle: the digits shift across the dash, the caret stays after the new one.
  await input.press("Home");
  await input.press("ArrowRight");
  await input.press("ArrowRight");
  await input.press("5");
  assert.equal(await input.inputValue(), "12534567-890");
  assert.deepEqual(await caret(input), [3, 3]);
  // Letters and spaces do not fit a digit: nothing changes, the caret stays.
  await input.press("x");
  assert.equal(await input.inputValue(), "12534567-890");
  assert.deepEqual(await caret(input), [3, 3]);
  // Backspace just after the dash deletes the digit before it.
  await input.press("End");
  for (let i = 0; i < 3; i++) await input.press("ArrowLeft");
  assert.deepEqual(await caret(input), [9, 9]);
  await input.press("Backspace");
  assert.equal(await input.inputValue(), "12534568-90");
  assert.deepEqual(await caret(input), [7, 7]);
  // Pasting a value with the dash in another place is laid into the mask.
  await input.fill("");
  await input.fill("0123-45678901");
  assert.equal(await input.inputValue(), "01234567-8901");
  await assertClean();
});

test("NO: mobile number and postal code, submitted with Enter", async (t) => {
  const { page, customerId, assertClean } = await openDemo(t);
  await chooseCountry(page, "NO", "phoneNumber");
  const phone = page.getByLabel("Mobile number");
  assert.equal(await phone.getAttribute("type"), "tel");
  assert.equal(await phone.getAttribute("inputmode"), "tel");
  assert.equal(await phone.getAttribute("autocomplete"), "tel-national");
  assert.equal(await phone.getAttribute("placeholder"), "4XXXXXXX");
  assert.equal(await page.locator("#lookup input").count(), 2);
  await phone.pressSequentially("40612345");
  await page.locator("#lookup-zip").pressSequentially("0150");
  assert.equal(await page.getAttribute("#lookup-zip", "autocomplete"), "postal-code");
  await page.keyboard.press("Enter");
  await waitState(page, "found");
  assert.deepEqual(await address(page), [
    "Kari", "Nordmann", "Karl Johans gate 22", "0150", "Oslo", "kari.nordmann@example.no", "40612345",
  ]);
  // The label names the input; the required mark is hidden from screen readers.
  assert.equal(await page.textContent("#lookup label[for=lookup-zip]"), "Postal code*");
  assert.equal(await page.getByLabel("Postal code", { exact: true }).count(), 1);
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
  await waitState(page, "found");
  assert.deepEqual((await address(page)).slice(0, 5), ["Matti", "Meikäläinen", "Mannerheimintie 1", "00100", "Helsinki"]);
  assert.match(await page.textContent("#summary-total"), /€/);
  await assertClean();
});

test("nothing found (1214) shows its message, fires lookuperror and leaves the address empty", async (t) => {
  const { page, assertClean } = await openDemo(t);
  await page.getByLabel("Personal number").fill("199001011234");
  await findButton(page).click();
  await waitState(page, "not-found");
  assert.match(await message(page), /couldn't find an address for these details/);
  assert.equal(await page.getAttribute("#lookup .message", "role"), "status");
  assert.equal(await page.getAttribute("#lookup .message", "aria-live"), "polite");
  assert.deepEqual(await lookupErrors(page), ["not-found"]);
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
  assert.equal(await focused(page), "lookup-fiscalNumber", "focus moves to the field");
  assert.equal(await message(page), "Please check the highlighted field.");

  await input.pressSequentially("12345");
  assert.equal(await input.getAttribute("aria-invalid"), null, "typing clears the mark");
  await input.press("Enter");
  await waitState(page, "invalid");
  assert.equal(await page.textContent("#lookup-fiscalNumber-error"), "Personal number must be 10 to 12 digits long.");
  // Masked, the value is not too long: "12345678-9" is 9 digits, not 10 characters.
  await input.fill("123456789");
  assert.equal(await input.inputValue(), "12345678-9");
  await input.press("Enter");
  await waitState(page, "invalid");
  assert.equal(await page.textContent("#lookup-fiscalNumber-error"), "Personal number must be 10 to 12 digits long.");
  assert.deepEqual(await lookupsSent(customerId), []);
  assert.deepEqual(await lookupErrors(page), [], "marked fields are not lookup errors");
  await page.screenshot({ path: join(shots, "demo-invalid.png"), fullPage: true });
  await assertClean();
});

test("a product not available for the country shows the page's own message", async (t) => {
  const { page, customerId, assertClean } = await openDemo(t);
  const body = JSON.stringify({
    errorId: "e2e-1103",
    errors: [{ code: "1103", id: "PRODUCT_NOT_AVAILABLE", category: "CONNECT_PLATFORM_ERROR", httpStatusCode: 400, propertyName: "countryCode" }],
  });
  await queueFaults(customerId, { status: 400, body });
  await page.getByLabel("Country").selectOption("NO");
  await waitState(page, "unavailable");
  assert.equal(await message(page), "Invoice isn't available in Norway. Choose another country, or another payment method.");
  assert.equal(await page.locator("#lookup input").count(), 0);
  assert.equal(await page.getAttribute("#lookup [part=button]", "aria-disabled"), "true");
  assert.deepEqual(await lookupErrors(page), ["unavailable"]);
  await assertClean();
});

test("network failure, timeout, server error and expired session show their messages; a retry then works", async (t) => {
  const { page, customerId, assertClean } = await openDemo(t, { timeoutMs: "1500" });
  await page.getByLabel("Personal number").fill("012345678901");

  const body = JSON.stringify({ errorId: "e2e-500", errors: [{ code: "9999", id: "INTERNAL", httpStatusCode: 500 }] });
  const expired = JSON.stringify({ errorId: "e2e-401", errors: [{ code: "9002", id: "MISSING_OR_INVALID_AUTHORIZATION", httpStatusCode: 401 }] });
  await queueFaults(customerId, [{ close: true }, { hang: true }, { status: 500, body }, { status: 401, body: expired }]);
  await findButton(page).click();
  await waitState(page, "network");
  assert.equal(await message(page), "We couldn't reach the address service. Check your internet connection and try again.");

  await findButton(page).click();
  await waitState(page, "timeout");
  assert.equal(await message(page), "The address service is taking too long to answer. Please try again in a moment.");

  await findButton(page).click();
  await waitState(page, "service-error");
  assert.match(await message(page), /The address service has a problem right now/);

  await findButton(page).click();
  await waitState(page, "expired");
  assert.equal(await message(page), "Your checkout session has expired. Reload the page to start again.");

  await findButton(page).click();
  await waitState(page, "found");
  assert.equal(await page.inputValue("#firstName"), "Gustav");
  assert.deepEqual(await lookupErrors(page), ["network", "timeout", "service-error", "expired"]);
  await assertClean();
});

test("a network failure while loading the fields offers a retry that works", async (t) => {
  const { page, customerId, assertClean } = await openDemo(t);
  await queueFaults(customerId, { close: true });
  await page.getByLabel("Country").selectOption("FI");
  await waitState(page, "network");
  await page.getByRole("button", { name: "Try again" }).click();
  await waitState(page, "ready");
  assert.equal(await page.locator("#lookup input").count(), 2);
  await assertClean();
});

test("keyboard only: every control is labelled and reachable, the lookup runs from the keyboard", async (t) => {
  const { page, assertClean } = await openDemo(t);
  const unlabelled = await page.evaluate(() => {
    const root = document.querySelector("connect-address-lookup").shadowRoot;
    return [...document.querySelectorAll("input, select"), ...root.querySelectorAll("input, select")]
      .filter((el) => el.labels.length === 0)
      .map((el) => el.id);
  });
  assert.deepEqual(unlabelled, []);

  const order = [];
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press("Tab");
    order.push(await focused(page));
  }
  assert.deepEqual(order, ["Skip to the address lookup", "country", "language", "lookup-fiscalNumber", "Find my address"]);
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.type("012345678901");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  await waitState(page, "found");
  assert.equal(await page.inputValue("#street"), "Gustav Adolfs torg 22");
  assert.equal(await focused(page), "Find my address", "focus stays on the button");
  await assertClean();
});

// The element's four languages, chosen by its locale (here the page's language menu).
const LANGUAGES = [
  { code: "en", find: "Find my address", notFound: /couldn't find an address/, required: "Enter your personal number." },
  { code: "sv", find: "Hitta min adress", notFound: /Vi hittade ingen adress/, required: "Fyll i personal number." },
  { code: "nb", find: "Finn adressen min", notFound: /Vi fant ingen adresse/, required: "Fyll inn personal number." },
  { code: "fi", find: "Hae osoitteeni", notFound: /ei löytynyt osoitetta/, required: "Täytä kenttä: personal number." },
];

for (const lang of LANGUAGES) {
  test(`messages in ${lang.code}: button, field error and not found; screenshot`, async (t) => {
    const { page, assertClean } = await openDemo(t);
    await page.getByLabel("Language of the lookup").selectOption(lang.code);
    await page.waitForFunction((l) => document.querySelector("#lookup").getAttribute("locale") === `${l}_SE`, lang.code);
    await waitState(page, "ready");
    assert.equal(await page.getAttribute("#lookup form", "lang"), lang.code);
    await findButton(page, lang.find).click();
    await waitState(page, "invalid");
    assert.equal(await page.textContent("#lookup-fiscalNumber-error"), lang.required);
    await page.getByLabel("Personal number").pressSequentially("199001011234");
    await findButton(page, lang.find).click();
    await waitState(page, "not-found");
    assert.match(await message(page), lang.notFound);
    const all = await page.evaluate(() => import("/pkg/element.js").then((m) => m.MESSAGES));
    assert.equal(await message(page), all[lang.code].notFound);
    await page.screenshot({ path: join(shots, `element-${lang.code}.png`), fullPage: true });
    await assertClean();
  });
}

test("messages can be overridden, for every language or per language", async (t) => {
  const { page, assertClean } = await openDemo(t);
  await page.evaluate(() => {
    document.querySelector("#lookup").messages = { find: "Search", sv: { find: "Sök" } };
  });
  assert.equal((await page.textContent("#lookup [part=button]")).trim(), "Search");
  await page.getByLabel("Language of the lookup").selectOption("sv");
  await waitState(page, "ready");
  assert.equal((await page.textContent("#lookup [part=button]")).trim(), "Sök");
  await assertClean();
});

test("a product without lookup fields says so, and the form has nothing to send", async (t) => {
  const { page, assertClean } = await openDemo(t);
  await page.evaluate(() => document.querySelector("#lookup").setAttribute("product-id", "1"));
  await waitState(page, "no-lookup");
  assert.equal(await message(page), "Address lookup isn't available in Sweden. Please fill in your address below.");
  assert.equal(await page.locator("#lookup input").count(), 0);
  assert.equal(await page.getAttribute("#lookup [part=button]", "aria-disabled"), "true");
  await assertClean();
});
