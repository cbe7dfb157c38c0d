// The demo as `npm start` serves it: same origin as the proxy, offline provider, and answers
// that follow the page the visitor is on and quote the site's own pages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { Browser } from "playwright-core";
import { launchBrowser, saveScreenshot, type PageProblems } from "../helpers/browser.js";
import { openWidgetPage } from "../helpers/e2e.js";
import { startE2eProxy, type E2eProxy } from "../helpers/e2e-proxy.js";
import type { WidgetDriver } from "../helpers/widget-driver.js";

describe("the demo site in offline mode", () => {
  let proxy: E2eProxy;
  let browser: Browser;
  let page: Page;
  let problems: PageProblems;
  let widget: WidgetDriver;

  beforeAll(async () => {
    proxy = await startE2eProxy({ offline: true });
    browser = await launchBrowser();
    ({ page, problems, widget } = await openWidgetPage(browser, { viewport: { width: 1280, height: 800 } }));
  });

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
  });

  it("answers on the product page with the product page's title", async () => {
    await page.goto(`${proxy.origin}/`);
    await widget.open();

    await widget.send("What does it cost?");

    await widget.waitForReply("Acme Kettle Pro – the smart kettle that knows your tea");
    await widget.log.getByText(/offline/i).first().waitFor();
    await widget.settled();
    await saveScreenshot(page, "demo-product");
  });

  it("answers the Pro plan's price on the product page from the pricing page, with a link to it under the reply", async () => {
    await widget.send("What does the Pro plan cost?");

    await widget.waitForReply("$129");
    const sources = widget.log.getByRole("list", { name: "Sources" }).last();
    const link = sources.getByRole("link", { name: "Pricing – Acme Kettle" });
    expect(await link.getAttribute("href")).toBe(`${proxy.origin}/pricing.html`);
    expect(await link.getAttribute("target")).toBe("_blank");
    expect(await link.getAttribute("rel")).toBe("noopener noreferrer");
    await widget.settled();
    await saveScreenshot(page, "demo-grounded");
  });

  it("answers on the pricing page with the pricing page's title", async () => {
    await page.goto(`${proxy.origin}/pricing.html`);
    await widget.open();

    await widget.send("Which plan should I pick?");

    await widget.waitForReply("Pricing – Acme Kettle");
    // The thread follows the visitor from page to page of the site.
    expect(await widget.log.getByText("What does it cost?", { exact: true }).count()).toBe(1);
  });

  it("works on the hostile page under its strict CSP, with no violation", async () => {
    await page.goto(`${proxy.origin}/hostile.html`);
    await widget.open();

    await widget.send("Still there?");

    await widget.waitForReply("Hostile page – Acme Kettle");
    expect(await problems.cspViolations()).toEqual([]);
  });

  it("runs without console or page errors", () => {
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
  });
});
