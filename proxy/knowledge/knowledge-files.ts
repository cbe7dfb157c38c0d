// KnowledgeStore in DATA_DIR/knowledge/<site id>.json: written whole and atomically (steno: temp
// file + rename) by the admin CLI, read by the proxy when its mtime, size or inode changes.
import { mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { TextFile } from "lowdb/node";
import { readDataFile, writeDataFile } from "../store/files/data-file.js";
import { isRecord } from "../store/data-shapes.js";
import { isCode } from "../store/files/fs-errors.js";
import { emptyKnowledge, type KnowledgeDocument, type KnowledgeStore } from "./knowledge-store.js";

const SITE_ID = /^[A-Za-z0-9_-]{1,100}$/;

export function openKnowledgeFiles(dataDir: string): KnowledgeStore {
  const folder = join(dataDir, "knowledge");
  const fileOf = (siteId: string) => {
    // Site ids are made by the CLI; a path separator here would be a bug, never a file name.
    if (!SITE_ID.test(siteId)) throw new Error(`Not a site id: ${JSON.stringify(siteId)}`);
    return join(folder, `${siteId}.json`);
  };
  return {
    async read(siteId) {
      return (await readDataFile(fileOf(siteId), decodeKnowledge)) ?? emptyKnowledge();
    },
    async write(siteId, document) {
      await mkdir(folder, { recursive: true });
      await writeDataFile(new TextFile(fileOf(siteId)), document);
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

function decodeKnowledge(value: unknown): KnowledgeDocument | undefined {
  if (!isRecord(value) || !Array.isArray(value.sources) || !Array.isArray(value.pages)) return undefined;
  const sourcesOk = value.sources.every((source) => isRecord(source) && typeof source.id === "string" && typeof source.location === "string");
  const pagesOk = value.pages.every((page) => isRecord(page) && typeof page.sourceId === "string" && typeof page.title === "string" && Array.isArray(page.blocks));
  return sourcesOk && pagesOk ? (value as unknown as KnowledgeDocument) : undefined;
}
