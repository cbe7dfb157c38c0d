// Sites in chat_sites (one jsonb document each, in creation order) with a version counter that
// every change bumps. A change is one transaction holding the table's write lock, so two admin
// commands never interleave; it ends with NOTIFY, which PostgreSQL delivers to every listening
// proxy when the transaction commits (change-feed.ts). Proxies also poll the version.
import type pg from "pg";
import { decodeSite } from "../../sites/sites-document.js";
import type { SitesDocument, StoredSite } from "../../sites/site.js";
import type { SitesStore } from "../store.js";
import type { ChangeFeed } from "./change-feed.js";
import { inTransaction } from "./pool.js";

export const SITES_CHANNEL = "chat_sites_changed";

export function postgresSites(pool: pg.Pool, feed: ChangeFeed): SitesStore {
  async function readIn(client: pg.Pool | pg.PoolClient): Promise<SitesDocument | undefined> {
    const { rows } = await client.query<{ site: unknown }>("SELECT site FROM chat_sites ORDER BY position");
    if (rows.length === 0) return undefined;
    const sites = rows.map((row) => decodeSite(row.site));
    if (!sites.every((site) => site !== undefined)) throw new Error("A stored site in chat_sites does not have the expected shape");
    return { sites: sites as StoredSite[] };
  }

  return {
    read: () => readIn(pool),

    async version() {
      const { rows } = await pool.query<{ version: string }>("SELECT version FROM chat_sites_version");
      return rows[0]?.version ?? "none";
    },

    change: (change) =>
      inTransaction(pool, async (client) => {
        await client.query("LOCK TABLE chat_sites IN EXCLUSIVE MODE");
        const before = (await readIn(client)) ?? { sites: [] };
        const stored = new Map(before.sites.map((site) => [site.id, JSON.stringify(site)]));
        const document = structuredClone(before);
        const result = change(document);
        const kept = new Set(document.sites.map((site) => site.id));
        const removed = [...stored.keys()].filter((id) => !kept.has(id));
        if (removed.length > 0) await client.query("DELETE FROM chat_sites WHERE id = ANY($1)", [removed]);
        for (const site of document.sites) {
          const json = JSON.stringify(site);
          if (stored.get(site.id) === json) continue;
          await client.query("INSERT INTO chat_sites (id, site) VALUES ($1, $2::jsonb) ON CONFLICT (id) DO UPDATE SET site = EXCLUDED.site", [site.id, json]);
        }
        await client.query("UPDATE chat_sites_version SET version = version + 1");
        await client.query(`NOTIFY ${SITES_CHANNEL}`);
        return result;
      }),

    watch: (listener) => feed.subscribe(listener),
  };
}
