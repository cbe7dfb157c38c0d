// DATA_DIR/sites.json: written only by the admin CLI (under its own lock, atomically through
// steno), read by the proxy whenever it changes (its version: mtime, size, inode). A file that
// does not decode is reported with its path and never written over.
import { mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { TextFile } from "lowdb/node";
import { decodeSitesDocument } from "../../sites/sites-document.js";
import type { SitesStore } from "../store.js";
import { acquireDataDirLock, DataDirLockedError } from "./data-dir-lock.js";
import { readDataFile, writeDataFile } from "./data-file.js";
import { isCode } from "./fs-errors.js";

const SITES_FILE = "sites.json";

const sitesFilePath = (dataDir: string) => join(dataDir, SITES_FILE);

/** Two admin commands changing sites at once: the second is refused, not merged. */
export class SitesBusyError extends Error {
  constructor(readonly lockFile: string) {
    super(`Another admin command is changing sites right now (lock file ${lockFile}); try again.`);
    this.name = "SitesBusyError";
  }
}

export function openSitesFile(dataDir: string): SitesStore {
  const file = sitesFilePath(dataDir);
  const read = () => readDataFile(file, decodeSitesDocument);
  return {
    read,
    async version() {
      const info = await stat(file).catch((error: unknown) => {
        if (isCode(error, "ENOENT")) return undefined;
        throw error;
      });
      return info ? `${info.mtimeMs}:${info.size}:${info.ino}` : "none";
    },
    async change(change) {
      await mkdir(dataDir, { recursive: true });
      const lock = await acquireDataDirLock(dataDir, ".sites.lock").catch((error: unknown) => {
        throw error instanceof DataDirLockedError ? new SitesBusyError(error.lockFile) : error;
      });
      try {
        const document = (await read()) ?? { sites: [] };
        const result = change(document);
        await writeDataFile(new TextFile(file), document);
        return result;
      } finally {
        await lock.release();
      }
    },
    // The registry's poll of version() notices every change.
    watch: () => () => undefined,
  };
}
