// Everything an e2e test file needs, started once per file: the proxy (against the Groq double
// or offline), a host site on another origin, and one Chromium; and a watched page to drive.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser, watchPage, type PageProblems } from "./browser.js";
import { startE2eProxy, type E2eProxy, type E2eProxyOptions } from "./e2e-proxy.js";
import { startHostSite, type HostSite } from "./host-site.js";
import { widgetOn, type WidgetDriver } from "./widget-driver.js";

export interface E2e {
  proxy: E2eProxy;
  site: HostSite;
  browser: Browser;
  close(): Promise<void>;
}

/** Pass `browser` to share one Chromium between several proxies of a file; close() leaves it open. */
export async function startE2e(options: E2eProxyOptions = {}, sharedBrowser?: Browser): Promise<E2e> {
  const proxy = await startE2eProxy(options);
  const site = await startHostSite(proxy.origin);
  const browser = sharedBrowser ?? (await launchBrowser());
  return {
    proxy,
    site,
    browser,
    async close() {
      if (!sharedBrowser) await browser.close();
      await site.close();
      await proxy.close();
    },
  };
}

export interface WidgetPage {
  page: Page;
  problems: PageProblems;
  widget: WidgetDriver;
}

/**
 * A new page, watched from before its first navigation, with a driver for its widget: in a fresh
 * context of `browser` (given `options`) or in `context`.
 */
export async function openWidgetPage(
  opener: Browser | BrowserContext,
  options?: Parameters<Browser["newPage"]>[0],
): Promise<WidgetPage> {
  const page = "newContext" in opener ? await opener.newPage(options) : await opener.newPage();
  const problems = await watchPage(page);
  return { page, problems, widget: widgetOn(page) };
}
