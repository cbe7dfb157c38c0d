// Sites in a real browser: a widget with `data-site` chats under that site's origins (its
// preflight included), and a disabled or unknown site's widget says the chat is unavailable
// instead of failing silently, before any model call.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser.js";
import { startE2eProxy, type E2eProxy } from "../helpers/e2e-proxy.js";
import { hostPage } from "../helpers/host-page.js";
import { startHostSite, type HostSite } from "../helpers/host-site.js";
import { testSite } from "../helpers/sites.js";
import { widgetOn } from "../helpers/widget-driver.js";

describe("a widget with data-site", () => {
  let hostSite: HostSite;
  let proxy: E2eProxy;
  let browser: Browser;
  const ids = { shop: "", closed: "" };

  beforeAll(async () => {
    hostSite = await startHostSite("http://unused.invalid");
    const shop = testSite({ name: "shop", allowedOrigins: [hostSite.origin], systemPrompt: "You sell shoes." });
    const closed = testSite({ name: "closed", enabled: false, allowedOrigins: [hostSite.origin] });
    ids.shop = shop.stored.id;
    ids.closed = closed.stored.id;
    // The environment's own site allows only another origin: the host page chats only as its site.
    proxy = await startE2eProxy({ env: { ALLOWED_ORIGINS: "https://elsewhere.example" }, sites: [shop.stored, closed.stored] });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await hostSite?.close();
  });

  async function visit(site: string) {
    const page = await browser.newPage();
    const widget = widgetOn(page);
    await page.goto(hostSite.page("/", hostPage({ proxyOrigin: proxy.origin, attributes: { "data-site": site } })));
    await widget.open();
    return { page, widget };
  }

  it("chats as its site, with the site's prompt", async () => {
    const { page, widget } = await visit(ids.shop);
    proxy.groq.reply("We have sneakers.");
    await widget.send("Shoes?");
    await widget.waitForReply("We have sneakers.");
    expect(proxy.groq.requests.at(-1)!.body.messages[0]).toEqual({ role: "system", content: "You sell shoes." });
    await page.close();
  });

  it("says the chat is unavailable on a disabled site, and calls no model", async () => {
    const before = proxy.groq.requests.length;
    const { page, widget } = await visit(ids.closed);
    await widget.send("Hello?");
    await widget.dialog.getByText("The chat is unavailable on this site right now.").first().waitFor();
    expect(proxy.groq.requests).toHaveLength(before);
    await page.close();
  });

  it("says the chat is not set up for an unknown site", async () => {
    const { page, widget } = await visit("site_doesNotExist");
    await widget.send("Hello?");
    await widget.dialog.getByText("This chat is not set up for this site.").first().waitFor();
    await page.close();
  });
});
