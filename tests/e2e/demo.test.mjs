// The release package (wasm-opt'd) in a real page: the demo performs the seed lookup.
import { test } from "node:test";
import assert from "node:assert/strict";
import { launch, apiUrl } from "./browser.mjs";

test("demo page loads the release package and fills the seed customer", async () => {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(String(e)));
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    await page.goto(apiUrl() + "/");
    await page.waitForSelector("body[data-state]", { timeout: 15000 });
    assert.equal(await page.getAttribute("body", "data-state"), "filled", await page.textContent("#status"));
    assert.equal(await page.inputValue("input[name=firstName]"), "Gustav");
    assert.equal(await page.inputValue("input[name=street]"), "Gustav Adolfs torg 22");
    assert.equal(await page.inputValue("input[name=city]"), "Stockholm");
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
