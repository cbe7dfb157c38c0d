// ALLOWED_ORIGINS in a real browser: the listed site chats (CORS preflight included), a site
// that is not listed cannot use the proxy, and the demo on the proxy's own origin still works.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser } from "../helpers/browser.js";
import { startE2eProxy, type E2eProxy } from "../helpers/e2e-proxy.js";
import { hostPage } from "../helpers/host-page.js";
import { startHostSite, type HostSite } from "../helpers/host-site.js";
import { widgetOn } from "../helpers/widget-driver.js";

describe("a proxy restricted with ALLOWED_ORIGINS", () => {
  let allowedSite: HostSite;
  let otherSite: HostSite;
  let proxy: E2eProxy;
  let browser: Browser;

  beforeAll(async () => {
    // The sites' own pages name the proxy explicitly (hostPage), so their demo rewrite is unused.
    allowedSite = await startHostSite("http://unused.invalid");
    otherSite = await startHostSite("http://unused.invalid");
    proxy = await startE2eProxy({ env: { ALLOWED_ORIGINS: `https://elsewhere.example, ${allowedSite.origin}` } });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await otherSite?.close();
    await allowedSite?.close();
  });

  it("chats from a listed origin", async () => {
    const page = await browser.newPage();
    const widget = widgetOn(page);
    await page.goto(allowedSite.page("/", hostPage({ proxyOrigin: proxy.origin })));
    proxy.groq.reply("Welcome, allowed site.");

    await widget.open();
    await widget.send("Hello?");

    await widget.waitForReply("Welcome, allowed site.");
    await page.close();
  });

  it("refuses a site that is not listed before any model call", async () => {
    const page = await browser.newPage();
    const widget = widgetOn(page);
    await page.goto(otherSite.page("/", hostPage({ proxyOrigin: proxy.origin })));
    const requestsBefore = proxy.groq.requests.length;

    await widget.open();
    await widget.send("Hello?");

    await widget.dialog.getByText(/can't reach the chat service/i).first().waitFor();
    expect(proxy.groq.requests).toHaveLength(requestsBefore);
    await page.close();
  });

  it("still serves its own demo pages, same origin", async () => {
    const page = await browser.newPage();
    const widget = widgetOn(page);
    await page.goto(`${proxy.origin}/pricing.html`);
    proxy.groq.reply("Plans start at $129.");

    await widget.open();
    await widget.send("How much?");

    await widget.waitForReply("Plans start at $129.");
    await page.close();
  });
});
