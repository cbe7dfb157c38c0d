// Which backend: PostgreSQL when DATABASE_URL is set, files in DATA_DIR otherwise.
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import { openLowdbStore } from "./files/lowdb-store.js";
import { readUsageFile } from "./files/usage-file.js";
import { openKnowledgeFiles } from "./files/knowledge-files.js";
import { openSitesFile } from "./files/sites-file.js";
import { openPostgresStore } from "./postgres/postgres-store.js";
import type { KnowledgeStore } from "../knowledge/knowledge-store.js";
import type { SitesStore, Store, UsageStore } from "./store.js";

export function openStore(config: Pick<Config, "dataDir" | "databaseUrl">, clock: Clock): Promise<Store> {
  return config.databaseUrl === undefined
    ? openLowdbStore({ dataDir: config.dataDir, clock })
    : openPostgresStore({ url: config.databaseUrl, clock });
}

/** What the admin CLI reads and changes; it works while a proxy runs (files: DATA_DIR stays the proxy's). */
export interface AdminStore {
  sites: SitesStore;
  usage: Pick<UsageStore, "read">;
  knowledge: KnowledgeStore;
  close(): Promise<void>;
}

export async function openAdminStore(config: Pick<Config, "dataDir" | "databaseUrl">, clock: Clock): Promise<AdminStore> {
  if (config.databaseUrl === undefined) {
    return {
      sites: openSitesFile(config.dataDir),
      usage: { read: () => readUsageFile(config.dataDir) },
      knowledge: openKnowledgeFiles(config.dataDir),
      close: async () => undefined,
    };
  }
  const store = await openPostgresStore({ url: config.databaseUrl, clock, poolSize: 2, housekeepingMs: 0 });
  return { sites: store.sites, usage: store.usage, knowledge: store.knowledge, close: () => store.close() };
}
