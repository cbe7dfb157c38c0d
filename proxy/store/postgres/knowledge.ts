// Site knowledge in chat_knowledge: one jsonb document per site and a version every save bumps.
// A change reads the document and its version, runs (a crawl may take minutes, so no transaction
// or lock is held meanwhile), and saves only if the version is still the one it read: two admin
// commands at once cannot lose each other's work, the second is told to try again.
import type pg from "pg";
import { decodeKnowledge } from "../files/knowledge-files.js";
import { emptyKnowledge, KnowledgeBusyError, type KnowledgeDocument, type KnowledgeStore } from "../../knowledge/knowledge-store.js";

export function postgresKnowledge(pool: pg.Pool): KnowledgeStore {
  async function readWithVersion(siteId: string): Promise<{ document: KnowledgeDocument; version: string | undefined }> {
    const { rows } = await pool.query<{ document: unknown; version: string }>("SELECT document, version FROM chat_knowledge WHERE site_id = $1", [siteId]);
    const row = rows[0];
    if (!row) return { document: emptyKnowledge(), version: undefined };
    const document = decodeKnowledge(row.document);
    if (!document) throw new Error(`The knowledge of ${siteId} in chat_knowledge does not have the expected shape`);
    return { document, version: row.version };
  }

  return {
    read: async (siteId) => (await readWithVersion(siteId)).document,

    async change(siteId, change) {
      const { document, version } = await readWithVersion(siteId);
      const result = await change(document);
      const json = JSON.stringify(document);
      const saved =
        version === undefined
          ? await pool.query("INSERT INTO chat_knowledge (site_id, document, version) VALUES ($1, $2::jsonb, 1) ON CONFLICT (site_id) DO NOTHING", [siteId, json])
          : await pool.query("UPDATE chat_knowledge SET document = $2::jsonb, version = version + 1 WHERE site_id = $1 AND version = $3", [siteId, json, version]);
      if (saved.rowCount !== 1) throw new KnowledgeBusyError(siteId);
      return result;
    },

    async version(siteId) {
      const { rows } = await pool.query<{ version: string }>("SELECT version FROM chat_knowledge WHERE site_id = $1", [siteId]);
      return rows[0]?.version ?? "none";
    },
  };
}
