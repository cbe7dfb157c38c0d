// `store copy --to postgres`: a files store (DATA_DIR) into the database. Only inserts, never
// overwrites: running it again adds nothing twice, and a conversation that already continued in
// the database stays as it is there. Conversations past their TTL are left behind, and so are the
// daily quota counters (their visitor keys are a day's keyed hashes, of no use tomorrow).
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { KnowledgeDocument } from "../../knowledge/knowledge-store.js";
import { readDataFile } from "../files/data-file.js";
import { decodeKnowledge } from "../files/knowledge-files.js";
import { scanSessionFiles } from "../files/session-files.js";
import { openSitesFile } from "../files/sites-file.js";
import { readUsageFile } from "../files/usage-file.js";
import type { Thread } from "../store.js";
import { migrate } from "./migrations.js";
import { createPool, inTransaction } from "./pool.js";
import { SITES_CHANNEL } from "./sites.js";

export interface CopyOptions {
  dataDir: string;
  databaseUrl: string;
  now: Date;
  sessionTtlMs: number;
}

export interface CopyResult {
  sites: number;
  threads: number;
  skippedThreads: number;
  usageDays: number;
  /** Sites whose knowledge was copied. */
  knowledge: number;
}

/** Throws DataFileError for a corrupt file (nothing is copied then), or the database's error. */
export async function copyFilesToPostgres({ dataDir, databaseUrl, now, sessionTtlMs }: CopyOptions): Promise<CopyResult> {
  const sites = (await openSitesFile(dataDir).read())?.sites ?? [];
  const usage = (await readUsageFile(dataDir)) ?? { days: {} };
  const threads: Thread[] = [];
  await scanSessionFiles(join(dataDir, "sessions"), (thread) => {
    if (now.getTime() - Date.parse(thread.startedAt) < sessionTtlMs) threads.push(thread);
  }).catch((error: unknown) => {
    // No sessions folder: nothing was ever said.
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  });

  const knowledge = await readKnowledgeFiles(dataDir);

  const pool = createPool({ url: databaseUrl, max: 1, timeoutMs: 30_000 });
  try {
    await migrate(pool);
    return await inTransaction(pool, async (client) => {
      let copiedSites = 0;
      for (const site of sites) {
        const { rowCount } = await client.query("INSERT INTO chat_sites (id, site) VALUES ($1, $2::jsonb) ON CONFLICT (id) DO NOTHING", [
          site.id,
          JSON.stringify(site),
        ]);
        copiedSites += rowCount ?? 0;
      }
      if (copiedSites > 0) {
        await client.query("UPDATE chat_sites_version SET version = version + 1");
        await client.query(`NOTIFY ${SITES_CHANNEL}`);
      }
      let copiedThreads = 0;
      for (const thread of threads) {
        const { rowCount } = await client.query(
          "INSERT INTO chat_threads (session_key, started_at, messages) VALUES ($1, $2, $3::jsonb) ON CONFLICT (session_key) DO NOTHING",
          [thread.sessionId, thread.startedAt, JSON.stringify(thread.messages)],
        );
        copiedThreads += rowCount ?? 0;
      }
      let usageDays = 0;
      for (const [day, bySite] of Object.entries(usage.days)) {
        for (const [siteId, figures] of Object.entries(bySite)) {
          const hashes = figures.sessionHashes ?? [];
          const { rowCount } = await client.query(
            `INSERT INTO chat_usage_days (day, site_id, messages, prompt_tokens, completion_tokens, refused, sessions_before)
             VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7) ON CONFLICT (day, site_id) DO NOTHING`,
            [day, siteId, figures.messages, figures.promptTokens, figures.completionTokens, JSON.stringify(figures.refused), Math.max(0, figures.sessions - hashes.length)],
          );
          if ((rowCount ?? 0) === 0) continue;
          usageDays += 1;
          if (hashes.length > 0) {
            await client.query("INSERT INTO chat_usage_sessions (day, site_id, session_hash) SELECT $1, $2, unnest($3::text[]) ON CONFLICT DO NOTHING", [
              day,
              siteId,
              hashes,
            ]);
          }
        }
      }
      let copiedKnowledge = 0;
      for (const [siteId, document] of knowledge) {
        const { rowCount } = await client.query(
          "INSERT INTO chat_knowledge (site_id, document, version) VALUES ($1, $2::jsonb, 1) ON CONFLICT (site_id) DO NOTHING",
          [siteId, JSON.stringify(document)],
        );
        copiedKnowledge += rowCount ?? 0;
      }
      return { sites: copiedSites, threads: copiedThreads, skippedThreads: threads.length - copiedThreads, usageDays, knowledge: copiedKnowledge };
    });
  } finally {
    await pool.end();
  }
}

/** DATA_DIR/knowledge/<site id>.json, by site id. */
async function readKnowledgeFiles(dataDir: string): Promise<Map<string, KnowledgeDocument>> {
  const folder = join(dataDir, "knowledge");
  const names = await readdir(folder).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [] as string[];
    throw error;
  });
  const documents = new Map<string, KnowledgeDocument>();
  for (const name of names.filter((file) => file.endsWith(".json")).sort()) {
    const document = await readDataFile(join(folder, name), decodeKnowledge);
    if (document) documents.set(name.slice(0, -".json".length), document);
  }
  return documents;
}
