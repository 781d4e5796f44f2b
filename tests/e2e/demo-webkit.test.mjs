// The demo checkout page (www-demo/) with the release package in WebKit (WebKitGTK's
// MiniBrowser, Safari's engine), driven over W3C WebDriver (./webdriver.mjs): the seed
// lookup and a failure message with its retry. Screenshots go to target/screenshots/.
// The page loads from the local API's page origin, and calls the API on its own origin;
// faults are queued on the API.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { pageUrl, queueFaults, lookupsSent } from "./browser.mjs";
import { launch } from "./webdriver.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const shots = join(root, "target/screenshots");
const PAGE = pageUrl();
const ADDRESS = ["firstName", "surname", "street", "zip", "city", "emailAddress", "phoneNumber"];

let browser;
let seq = 0;
before(async () => {
  browser = await launch("webkit");
});
after(() => browser?.quit());


/** Opens the demo for a fresh customer id and waits until it has settled. */
async function openDemo() {
  const customerId = `demo-webkit-${process.pid}-${++seq}`;
  await browser.get(`${PAGE}/?${new URLSearchParams({ customerId })}`);
  const settled = await browser.waitFor(() => {
    const s = document.querySelector("#lookup")?.getAttribute("state");
    return s && s !== "idle" && s !== "loading" ? s : null;
  });
  assert.equal(settled, "ready", "the SDK loaded and the lookup fields are shown");
  return customerId;
}

// The lookup form is the <connect-address-lookup> element (#lookup); its parts live in its
// shadow root, reached with the client's `host >>> inner` selectors.
const state = () => browser.execute(() => document.querySelector("#lookup").getAttribute("state"));
const waitState = (s) => browser.waitFor((s) => document.querySelector("#lookup").getAttribute("state") === s, { args: [s] });
const message = () => browser.text("#lookup >>> [role=status]");
const FISCAL = "#lookup >>> input[autocomplete]";
const FIND = "#lookup >>> [part=button]";
const address = () => browser.execute((names) => names.map((n) => document.querySelector(`#address [name=${n}]`).value), ADDRESS);

test("WebKit: SE personal number from the product's fields, masked, address filled", async () => {
  const customerId = await openDemo();
  assert.equal(await browser.execute(() => document.querySelector("#lookup").shadowRoot.querySelectorAll("input").length), 1, "only the lookup field");
  await browser.type(FISCAL, "012345678901");
  assert.equal(await browser.property(FISCAL), "01234567-8901", "the display mask {{99999999}}-{{9999}}");
  await browser.click(FIND);
  await waitState("found");
  assert.deepEqual(await address(), [
    "Gustav", "Adolfs", "Gustav Adolfs torg 22", "111 52", "Stockholm", "gustav.adolfs@stockholm.se", "0123456789",
  ]);
  assert.match(await message(), /We found your address/);
  assert.deepEqual(await lookupsSent(customerId), [
    { countryCode: "SE", values: [{ key: "fiscalNumber", value: "012345678901" }] },
  ], "the unmasked value is sent");
  await new Promise((r) => setTimeout(r, 1700)); // let the highlight fade before the picture
  await browser.screenshot(join(shots, "demo-webkit-se-filled.png"));
});

test("WebKit: a network failure shows its message, and a retry then works", async () => {
  const customerId = await openDemo();
  await browser.type(FISCAL, "012345678901");
  await queueFaults(customerId, { close: true });
  await browser.click(FIND);
  await waitState("network");
  assert.match(await message(), /couldn't reach the address service/);
  assert.deepEqual(await address(), ["", "", "", "", "", "", ""]);
  await browser.screenshot(join(shots, "demo-webkit-network.png"));

  await browser.click(FIND);
  await waitState("found");
  assert.equal(await state(), "found");
  assert.equal(await browser.property("#firstName"), "Gustav");
});
