// The proxy wired and listening: the store (files in DATA_DIR, or PostgreSQL with DATABASE_URL),
// the daily quota, the sites, usage and createApp, on config.host:config.port. server.ts adds the
// process around it (the start-up line, pruning, signals); the e2e tests start the same wiring.
import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createApp } from "./app.js";
import type { Clock } from "./clock.js";
import type { Config } from "./config.js";
import type { ModelCatalog } from "./llm/catalog.js";
import type { LlmProvider } from "./llm/provider.js";
import type { Logger } from "./log.js";
import { createDailyQuota, type DailyQuota } from "./quota.js";
import { openSiteRegistry, type SiteRegistry } from "./sites/registry.js";
import type { Store } from "./store/store.js";
import { openStore } from "./store/open-store.js";
import { createUsageLedger, type UsageLedger } from "./usage/usage-ledger.js";

export interface ProxyDeps {
  llm: LlmProvider;
  catalog: ModelCatalog;
  clock: Clock;
  logger: Logger;
}

/** What the caller closes when it stops: the server, then quota.flush(), usage.flush(), stopUsageRefresh(), sites.stop(), store.close(). */
export interface RunningProxy {
  server: Server;
  /** The port actually bound (config.port may be 0). */
  port: number;
  store: Store;
  quota: DailyQuota;
  sites: SiteRegistry;
  usage: UsageLedger;
  /** Ends the shared store's usage refresh (PostgreSQL), so nothing reads a closed store. */
  stopUsageRefresh(): void;
}

// With a shared store, other processes' usage reaches this one's figures (budgets, /api/usage) this often.
const SHARED_USAGE_REFRESH_MS = 5000;

/**
 * Throws what stops start-up: DataDirLockedError, DataFileError, SitesConfigError,
 * DatabaseUnreachableError, a listen error (EADDRINUSE …).
 */
export async function startProxy(config: Config, { llm, catalog, clock, logger }: ProxyDeps): Promise<RunningProxy> {
  const store = await openStore(config, clock);
  const quota = createDailyQuota({ store, clock, siteLimit: config.dailyQuota, visitorLimit: config.visitorDailyQuota });
  await quota.load();
  const sites = await openSiteRegistry({
    config,
    store: store.sites,
    onRefreshError: (error) => logger.error("the sites changed but cannot be used; the previous sites stay in force", { problem: String(error) }),
  });
  const usage = createUsageLedger({ clock, store: store.usage });
  await usage.load();
  const usageRefresh =
    store.kind === "postgres" ? setInterval(() => void usage.load().catch(() => undefined), SHARED_USAGE_REFRESH_MS).unref() : undefined;
  const app = createApp({ config, store, llm, catalog, clock, quota, logger, sites, usage });

  const server = app.listen(config.port, config.host);
  await Promise.race([once(server, "listening"), once(server, "error").then(([error]) => Promise.reject(error))]);
  const { port } = server.address() as AddressInfo;
  return { server, port, store, quota, sites, usage, stopUsageRefresh: () => clearInterval(usageRefresh) };
}
