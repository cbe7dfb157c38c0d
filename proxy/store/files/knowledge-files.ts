// KnowledgeStore in DATA_DIR/knowledge/<site id>.json: changed by the admin CLI under
// DATA_DIR/.knowledge-<site id>.lock and written whole and atomically (steno: temp file + rename),
// read by the proxy when its mtime, size or inode changes.
import { mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { TextFile } from "lowdb/node";
import { emptyKnowledge, KnowledgeBusyError, type KnowledgeDocument, type KnowledgeStore } from "../../knowledge/knowledge-store.js";
import { isRecord } from "../data-shapes.js";
import { acquireDataDirLock, DataDirLockedError } from "./data-dir-lock.js";
import { readDataFile, writeDataFile } from "./data-file.js";
import { isCode } from "./fs-errors.js";

const SITE_ID = /^[A-Za-z0-9_-]{1,100}$/;

export function openKnowledgeFiles(dataDir: string): KnowledgeStore {
  const folder = join(dataDir, "knowledge");
  const fileOf = (siteId: string) => {
    // Site ids are made by the CLI; a path separator here would be a bug, never a file name.
    if (!SITE_ID.test(siteId)) throw new Error(`Not a site id: ${JSON.stringify(siteId)}`);
    return join(folder, `${siteId}.json`);
  };
  const read = async (siteId: string) => (await readDataFile(fileOf(siteId), decodeKnowledge)) ?? emptyKnowledge();
  return {
    read,
    async change(siteId, change) {
      await mkdir(folder, { recursive: true });
      const lock = await acquireDataDirLock(dataDir, `.knowledge-${siteId}.lock`).catch((error: unknown) => {
        throw error instanceof DataDirLockedError ? new KnowledgeBusyError(siteId) : error;
      });
      try {
        const document = await read(siteId);
        const result = await change(document);
        await writeDataFile(new TextFile(fileOf(siteId)), document);
        return result;
      } finally {
        await lock.release();
      }
    },
    async version(siteId) {
      const info = await stat(fileOf(siteId)).catch((error: unknown) => {
        if (isCode(error, "ENOENT")) return undefined;
        throw error;
      });
      return info ? `${info.mtimeMs}:${info.size}:${info.ino}` : "none";
    },
  };
}

export function decodeKnowledge(value: unknown): KnowledgeDocument | undefined {
  if (!isRecord(value) || !Array.isArray(value.sources) || !Array.isArray(value.pages)) return undefined;
  const sourcesOk = value.sources.every((source) => isRecord(source) && typeof source.id === "string" && typeof source.location === "string");
  const pagesOk = value.pages.every((page) => isRecord(page) && typeof page.sourceId === "string" && typeof page.title === "string" && Array.isArray(page.blocks));
  return sourcesOk && pagesOk ? (value as unknown as KnowledgeDocument) : undefined;
}
