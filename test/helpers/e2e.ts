// Everything an e2e test file needs, started once per file: the proxy (against the Groq double
// or offline), a host site on another origin, and one Chromium.
import type { Browser } from "playwright-core";
import { launchBrowser } from "./browser.js";
import { startE2eProxy, type E2eProxy, type E2eProxyOptions } from "./e2e-proxy.js";
import { startHostSite, type HostSite } from "./host-site.js";

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
