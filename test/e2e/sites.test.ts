// Sites in a real browser: a widget with `data-site` chats under that site's origins (its
// preflight included), and a disabled or unknown site's widget says the chat is unavailable as
// soon as the panel opens (the history request's answer), before any message or model call.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seriousAxeViolations } from "../helpers/axe.js";
import { launchBrowser } from "../helpers/browser.js";
import { startE2eProxy, type E2eProxy } from "../helpers/e2e-proxy.js";
import { hostPage } from "../helpers/host-page.js";
import { startHostSite, type HostSite } from "../helpers/host-site.js";
import { testSite } from "../helpers/sites.js";
import { widgetOn, type WidgetDriver } from "../helpers/widget-driver.js";

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
    const apiCalls = recordApiCalls(page);
    await page.goto(hostSite.page("/", hostPage({ proxyOrigin: proxy.origin, attributes: { "data-site": site } })));
    await widget.open();
    return { page, widget, apiCalls };
  }

  /** The unavailable state: why, in the visitor's language (English here), a composer that is disabled and says why, no Retry. */
  async function expectUnavailable(widget: WidgetDriver, sentence: string) {
    await widget.dialog.getByText(sentence).first().waitFor();
    expect(await widget.input.getAttribute("aria-disabled")).toBe("true");
    expect(await widget.input.isEditable()).toBe(false);
    const description = await widget.input.evaluate((input) => {
      const id = input.getAttribute("aria-describedby");
      return id ? (input.getRootNode() as ShadowRoot).getElementById(id)?.textContent : null;
    });
    expect(description).toBe(sentence);
    expect(await widget.sendButton.isDisabled()).toBe(true);
    expect(await widget.dialog.getByRole("button", { name: "Retry" }).count()).toBe(0);
  }

  it("chats as its site, with the site's prompt", async () => {
    const { page, widget } = await visit(ids.shop);
    proxy.groq.reply("We have sneakers.");
    await widget.send("Shoes?");
    await widget.waitForReply("We have sneakers.");
    expect(proxy.groq.requests.at(-1)!.body.messages[0]).toEqual({ role: "system", content: "You sell shoes." });
    await page.close();
  });

  it("on a disabled site, says the chat is unavailable as soon as it opens, before any message, and calls no model", async () => {
    const before = proxy.groq.requests.length;
    const { page, widget, apiCalls } = await visit(ids.closed);
    await expectUnavailable(widget, "The chat is unavailable on this site right now.");
    expect(await widget.dialog.getByText("Hi! How can I help?").count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Enter in the disabled composer sends nothing; closing and reopening asks nothing more.
    await widget.input.press("Enter");
    await page.keyboard.press("Escape");
    await widget.open();
    await expectUnavailable(widget, "The chat is unavailable on this site right now.");
    expect(apiCalls).toEqual([`GET /api/history`]);
    expect(proxy.groq.requests).toHaveLength(before);
    await page.close();
  });

  it("on an unknown site, says the chat is not set up as soon as it opens, before any message", async () => {
    const { page, widget, apiCalls } = await visit("site_doesNotExist");
    await expectUnavailable(widget, "This chat is not set up for this site.");
    expect(apiCalls).toEqual([`GET /api/history`]);
    await page.close();
  });
});

/** "METHOD /api/path" of each API call the page makes (preflights left out). */
function recordApiCalls(page: Page): string[] {
  const calls: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith("/api/") && request.method() !== "OPTIONS") calls.push(`${request.method()} ${url.pathname}`);
  });
  return calls;
}
