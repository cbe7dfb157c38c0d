// The /admin page in Chromium: a token typed into its form, the usage chart drawn as inline SVG
// with the daily quota line, the models that answer with a warning for a site whose own model is
// not served, and a wrong token refused, all under the proxy's CSP.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, saveScreenshot, watchPage } from "../helpers/browser.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { testSite } from "../helpers/sites.js";

const TOKEN = "admin-token-for-the-browser";

describe("the /admin page", () => {
  let browser: Browser;
  let app: TestApp;
  const shop = testSite({ name: "Shoe <b>shop</b>", dailyQuota: 40, model: "llama-3.3-70b-versatile" });

  beforeAll(async () => {
    app = await startTestApp({ sites: [shop.stored], listing: true, config: { adminToken: TOKEN, chatModel: { ids: [], auto: true } } });
    for (let day = 0; day < 5; day += 1) {
      for (let message = 0; message < 10 * (day + 1); message += 1) app.usage.accepted(shop.stored.id, `s${message}`, { promptTokens: 50, completionTokens: 10 });
      app.clock.advance(86_400_000);
    }
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("draws each site's last 30 days of messages and tokens with its daily quota line", async () => {
    const page = await browser.newPage();
    const problems = await watchPage(page);
    await page.goto(`${app.url}/admin`);
    await page.getByLabel("Admin token (ADMIN_TOKEN)").fill(TOKEN);
    await page.getByRole("button", { name: "Show usage" }).click();
    const chart = page.locator(`section[data-site="${shop.stored.id}"] svg`);
    await chart.waitFor();
    expect(await page.locator("form").isVisible()).toBe(false);
    expect(await chart.locator("rect.bar").count()).toBe(30);
    expect(await chart.locator("polyline.tokens").count()).toBe(1);
    const quota = chart.locator("line.quota");
    expect(await quota.count()).toBe(1);
    // The busiest day (50 messages) rises above the quota line (40): the owner sees it at a glance.
    const quotaY = Number(await quota.getAttribute("y1"));
    const tops = await chart.locator("rect.bar").evaluateAll((bars) => bars.map((bar) => Number(bar.getAttribute("y"))));
    expect(Math.min(...tops)).toBeLessThan(quotaY);
    const box = await chart.boundingBox();
    expect(box!.width).toBeGreaterThan(300);
    // A site's name is text, never markup.
    expect(await page.locator(`section[data-site="${shop.stored.id}"] h2`).textContent()).toContain("Shoe <b>shop</b>");
    expect(await page.locator(`section[data-site="default"] svg`).count()).toBe(1);
    await saveScreenshot(page, "admin-page");
    expect(await problems.cspViolations()).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    await page.close();
  });

  it("says which model answers, and warns on a site whose own model is not served", async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/admin`);
    await page.getByLabel("Admin token (ADMIN_TOKEN)").fill(TOKEN);
    await page.getByRole("button", { name: "Show usage" }).click();
    await page.getByText("Answering with openai/gpt-oss-120b; then openai/gpt-oss-20b, qwen/qwen3-32b, moonshotai/kimi-k2-instruct-0905.").waitFor();
    const warning = page.locator(`section[data-site="${shop.stored.id}"] [role="alert"]`);
    expect(await warning.textContent()).toBe("⚠ llama-3.3-70b-versatile is not served by the provider; openai/gpt-oss-120b answers.");
    expect(await page.locator(`section[data-site="default"] [role="alert"]`).count()).toBe(0);
    await page.close();
  });

  it("refuses a wrong token and draws nothing", async () => {
    const page = await browser.newPage();
    const problems = await watchPage(page);
    await page.goto(`${app.url}/admin`);
    await page.getByLabel("Admin token (ADMIN_TOKEN)").fill("not-the-token");
    await page.getByRole("button", { name: "Show usage" }).click();
    await page.getByText("That token is not right.").waitFor();
    expect(await page.locator("svg").count()).toBe(0);
    expect(await page.evaluate(() => sessionStorage.getItem("chat-admin:token"))).toBeNull();
    expect(problems.pageErrors).toEqual([]);
    await page.close();
  });
});
