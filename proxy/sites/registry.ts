// The sites a running proxy serves. The environment's `default` site always exists; sites.json
// (written by the admin CLI) adds the others. The file is polled (mtime, size, inode): a change
// the CLI makes applies within one poll, without a restart. A file that stops decoding after
// start-up is reported and the last good sites stay in force.
import { stat } from "node:fs/promises";
import type { Config } from "../config.js";
import { isCode } from "../store/files/fs-errors.js";
import { apiKeyMatches } from "./api-key.js";
import { defaultSite, resolveSite } from "./resolve-site.js";
import { DEFAULT_SITE_ID, type Site } from "./site.js";
import { readSitesFile, sitesFilePath } from "../store/files/sites-file.js";

export interface SiteRegistry {
  find(id: string): Site | undefined;
  /** The site whose server key this is (constant-time comparison against each). */
  findByKey(key: string): Site | undefined;
  all(): Site[];
  /** Re-reads sites.json if it changed; rejects when it no longer decodes. */
  refresh(): Promise<void>;
  stop(): void;
}

export interface SiteRegistryOptions {
  config: Config;
  /** Undefined: only the environment's site (no sites file). */
  dataDir?: string;
  /** Default 1 s (the contract promises changes within 5 s). 0: no polling, refresh() by hand. */
  pollIntervalMs?: number;
  onRefreshError?: (error: unknown) => void;
}

/** Reads sites.json once; its errors (a corrupt file, a missing MASTER_KEY) stop start-up. */
export async function openSiteRegistry(options: SiteRegistryOptions): Promise<SiteRegistry> {
  const { config, dataDir, pollIntervalMs = 1000 } = options;
  let sites = new Map<string, Site>([[DEFAULT_SITE_ID, defaultSite(config)]]);
  let version = "none";
  let failedVersion: string | undefined;

  async function refresh(): Promise<void> {
    if (dataDir === undefined) return;
    const file = sitesFilePath(dataDir);
    const info = await stat(file).catch((error: unknown) => {
      if (isCode(error, "ENOENT")) return undefined;
      throw error;
    });
    const next = info ? `${info.mtimeMs}:${info.size}:${info.ino}` : "none";
    // A file that failed is reported once, not at every poll, until it changes again.
    if (next === version || next === failedVersion) return;
    try {
      const document = info ? await readSitesFile(dataDir) : undefined;
      const loaded = new Map<string, Site>([[DEFAULT_SITE_ID, defaultSite(config)]]);
      for (const stored of document?.sites ?? []) loaded.set(stored.id, resolveSite(stored, config));
      sites = loaded;
      version = next;
    } catch (error) {
      failedVersion = next;
      throw error;
    }
  }

  await refresh();
  const timer =
    pollIntervalMs > 0 ? setInterval(() => refresh().catch((error: unknown) => options.onRefreshError?.(error)), pollIntervalMs) : undefined;
  timer?.unref();

  return {
    find: (id) => sites.get(id),
    findByKey(key) {
      let found: Site | undefined;
      for (const site of sites.values()) if (site.apiKeyHash && apiKeyMatches(key, site.apiKeyHash)) found = site;
      return found;
    },
    all: () => [...sites.values()],
    refresh,
    stop: () => clearInterval(timer),
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
