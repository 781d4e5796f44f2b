// Cross-origin, as in production (issue 9): the release package in a page on the page
// origin, calling the local Client API on another origin. Calls of one shape within the
// API's Access-Control-Max-Age cost at most one CORS preflight (the local API counts
// them), and every caller owns the answer it gets.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, apiUrl, pageUrl, control } from "./browser.mjs";

const N = 8;
let browser;
before(async () => {
  browser = await launch();
});
after(() => browser?.close());

/** A fresh page on the page origin with the release package imported. */
async function openPage(t) {
  const context = await browser.newContext();
  t.after(() => context.close());
  const page = await context.newPage();
  await page.goto(pageUrl() + "/_control/health");
  await page.evaluate(async () => {
    window.sdk = await import("/pkg/index.js");
    window.newSession = async () => (await fetch("/_control/sessions", { method: "POST", body: "{}" })).json();
  });
  return page;
}

/** What the local API recorded for the session of `customerId` (its requests, preflights). */
const recorded = (customerId) => control(`${encodeURIComponent(customerId)}/requests`);

test("the page's origin is not the Client API's", async (t) => {
  const page = await openPage(t);
  const { origin, api } = await page.evaluate(async () => {
    const details = await newSession();
    return { origin: location.origin, api: new URL(details.clientApiUrl).origin };
  });
  assert.notEqual(origin, api);
  assert.equal(api, new URL(apiUrl()).origin);
});

test(`${N} calls of one shape cost one preflight`, async (t) => {
  const page = await openPage(t);
  const seen = await page.evaluate(async (n) => {
    const lookups = await newSession();
    const session = new sdk.connect(lookups);
    const outcomes = [];
    for (let i = 0; i < n; i++) {
      const value = i === 0 ? "012345678901" : String(100000000000 + i);
      outcomes.push(
        await session
          .getCustomerDetails(9000, { countryCode: "SE", values: [{ key: "fiscalNumber", value }] })
          .then(() => "ok", (e) => e.errors[0].code),
      );
    }
    const products = await newSession();
    const uncached = new sdk.connect(products, { cache: false });
    for (let i = 0; i < n; i++) {
      outcomes.push(
        await uncached
          .getPaymentProduct(9000, { totalAmount: 1000, countryCode: "SE", currency: "SEK" })
          .then(() => "ok", (e) => e.name),
      );
    }
    return { outcomes, lookups: lookups.customerId, products: products.customerId };
  }, N);
  assert.deepEqual(seen.outcomes, ["ok", ...Array(N - 1).fill("1214"), ...Array(N).fill("ok")]);
  const [lookups, products] = [await recorded(seen.lookups), await recorded(seen.products)];
  assert.equal(lookups.count, N, "every lookup was sent");
  assert.equal(products.count, N, "every product call was sent");
  t.diagnostic(`preflights for ${N} lookups (POST): ${lookups.preflights}; for ${N} product calls (GET): ${products.preflights}`);
  assert.equal(lookups.preflights, 1);
  assert.equal(products.preflights, 1);
});

test("every caller owns its answer", async (t) => {
  const page = await openPage(t);
  const seen = await page.evaluate(async () => {
    const session = new sdk.connect(await newSession());
    const seed = { countryCode: "SE", values: [{ key: "fiscalNumber", value: "012345678901" }] };
    const details = { totalAmount: 1000, countryCode: "SE", currency: "SEK" };
    const [a, b] = await Promise.all([session.getCustomerDetails(9000, seed), session.getCustomerDetails(9000, seed)]);
    a.street = a.street.slice(0, 6);
    const hit = await session.getCustomerDetails(9000, seed);
    const product = await session.getPaymentProduct(9000, details);
    product.fields[0].displayHints.label = "Changed";
    const again = await session.getPaymentProduct(9000, details);
    return { merged: b.street, hit: hit.street, label: again.fields[0].displayHints.label };
  });
  assert.equal(seen.merged, "Gustav Adolfs torg 22");
  assert.equal(seen.hit, "Gustav Adolfs torg 22");
  assert.equal(seen.label, "Personal number");
});
