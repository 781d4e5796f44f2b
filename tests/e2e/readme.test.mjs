// Runs the README's "Which keys to send" and "The lookup element" examples, unchanged but
// for the import paths, in a page on the page origin that loads the release package,
// against the local Client API on another origin.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { launch, pageUrl } from "./browser.mjs";

/**
 * The first ```lang block after the README's `<!-- readme-example: name` marker, with the
 * package's import paths pointing at the release package the page origin serves.
 */
async function example(name, lang = "js") {
  const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
  const start = readme.indexOf("<!-- readme-example: " + name);
  assert.ok(start >= 0, "README example " + name + " not found");
  const block = readme.slice(start).match(new RegExp("```" + lang + "\\n([\\s\\S]*?)```"));
  return block[1]
    .replace('from "connect-sdk-client-wasm"', 'from "/pkg/index.js"')
    .replace('"connect-sdk-client-wasm/element"', '"/pkg/element.js"');
}

/**
 * Runs `fn(page)` in a fresh Chromium page on the page origin, with a new session's
 * details as `window.sessionDetails` (the merchant's Create Session); closes the browser
 * afterwards.
 */
async function withSessionPage(fn) {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(pageUrl() + "/_control/health");
    await page.evaluate(async () => {
      const r = await fetch("/_control/sessions", { method: "POST", body: "{}" });
      window.sessionDetails = await r.json();
    });
    return await fn(page);
  } finally {
    await browser.close();
  }
}

test("README 'Which keys to send' example fills the Norwegian customer", async () => {
  const code = await example("which-keys");
  await withSessionPage(async (page) => {
    await page.evaluate(() => {
      window.outcome = new Promise((resolve) => {
        window.fillAddressForm = (customer) => resolve({ filled: customer });
        window.showFieldError = (field, rule) => resolve({ fieldError: [field, rule] });
        window.showNotFound = () => resolve({ notFound: true });
        window.showTryAgain = (e) => resolve({ tryAgain: String(e) });
      });
    });
    await page.addScriptTag({ type: "module", content: code });
    const outcome = await page.evaluate(() => window.outcome);
    assert.equal(outcome.filled?.surname, "Nordmann", JSON.stringify(outcome));
    assert.equal(outcome.filled?.city, "Oslo");
  });
});

test("README 'The lookup element' example renders the form and fills the Swedish customer", async () => {
  const html = await example("element", "html");
  const [, markup, code] = html.match(/^([\s\S]*?)<script type="module">([\s\S]*?)<\/script>/);
  await withSessionPage(async (page) => {
    await page.evaluate((markup) => {
      window.filled = new Promise((resolve) => (window.fillAddressForm = resolve));
      document.body.innerHTML = markup;
    }, markup);
    await page.addScriptTag({ type: "module", content: code });
    const input = page.getByLabel("Personal number");
    await input.pressSequentially("012345678901");
    assert.equal(await input.inputValue(), "01234567-8901");
    await page.getByRole("button", { name: "Hitta min adress" }).click();
    const customer = await page.evaluate(() => window.filled);
    assert.equal(customer.surname, "Adolfs");
    assert.match(await page.textContent("connect-address-lookup [role=status]"), /Vi hittade din adress/);
  });
});
