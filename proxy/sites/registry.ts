// The sites a running proxy serves. The environment's `default` site always exists; the store's
// sites (written by the admin CLI) add the others. Their version is polled, and the store's change
// feed (PostgreSQL: LISTEN/NOTIFY) refreshes at once: a change the CLI makes applies within one
// poll, without a restart. Sites that stop decoding after start-up are reported and the last good
// sites stay in force.
import type { Config } from "../config.js";
import { StoreUnavailableError } from "../errors.js";
import type { SitesStore } from "../store/store.js";
import { apiKeyMatches } from "./api-key.js";
import { defaultSite, resolveSite } from "./resolve-site.js";
import { DEFAULT_SITE_ID, type Site } from "./site.js";

export interface SiteRegistry {
  find(id: string): Site | undefined;
  /** The site whose server key this is (constant-time comparison against each). */
  findByKey(key: string): Site | undefined;
  all(): Site[];
  /** Re-reads the sites if they changed; rejects when they no longer decode. */
  refresh(): Promise<void>;
  stop(): void;
}

export interface SiteRegistryOptions {
  config: Config;
  /** Undefined: only the environment's site. */
  store?: SitesStore;
  /** Default 1 s (the contract promises changes within 5 s). 0: no polling, refresh() by hand. */
  pollIntervalMs?: number;
  onRefreshError?: (error: unknown) => void;
}

/** Reads the sites once; their errors (a corrupt file, a missing MASTER_KEY) stop start-up. */
export async function openSiteRegistry(options: SiteRegistryOptions): Promise<SiteRegistry> {
  const { config, store, pollIntervalMs = 1000 } = options;
  let sites = new Map<string, Site>([[DEFAULT_SITE_ID, defaultSite(config)]]);
  let version = "none";
  let failedVersion: string | undefined;
  let storeDown = false;

  async function refresh(): Promise<void> {
    if (store === undefined) return;
    try {
      await load(store);
      storeDown = false;
    } catch (error) {
      // A store that is down (the database restarting) is reported once, and asked again at the
      // next poll; the sites it last gave stay in force meanwhile.
      if (!(error instanceof StoreUnavailableError)) throw error;
      if (storeDown) return;
      storeDown = true;
      throw error;
    }
  }

  async function load(from: SitesStore): Promise<void> {
    const next = await from.version();
    // Sites that failed to decode are reported once, not at every poll, until they change again.
    if (next === version || next === failedVersion) return;
    try {
      const document = await from.read();
      const loaded = new Map<string, Site>([[DEFAULT_SITE_ID, defaultSite(config)]]);
      for (const stored of document?.sites ?? []) loaded.set(stored.id, resolveSite(stored, config));
      sites = loaded;
      version = next;
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) failedVersion = next;
      throw error;
    }
  }

  await refresh();
  const refreshInBackground = () => void refresh().catch((error: unknown) => options.onRefreshError?.(error));
  const timer = pollIntervalMs > 0 ? setInterval(refreshInBackground, pollIntervalMs) : undefined;
  timer?.unref();
  const unwatch = store?.watch(refreshInBackground);

  return {
    find: (id) => sites.get(id),
    findByKey(key) {
      let found: Site | undefined;
      for (const site of sites.values()) if (site.apiKeyHash && apiKeyMatches(key, site.apiKeyHash)) found = site;
      return found;
    },
    all: () => [...sites.values()],
    refresh,
    stop() {
      clearInterval(timer);
      unwatch?.();
    },
  };
}

/** The single-site proxy: the environment's site only, nothing to poll. */
export function environmentSites(config: Config): SiteRegistry {
  const site = defaultSite(config);
  return {
    find: (id) => (id === DEFAULT_SITE_ID ? site : undefined),
    findByKey: () => undefined,
    all: () => [site],
    refresh: async () => undefined,
    stop: () => undefined,
  };
}
