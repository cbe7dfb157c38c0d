// Changing sites.json from the CLI: under DATA_DIR/.sites.lock (one CLI command at a time; the
// proxy never writes this file), read, change in memory, then one atomic write. A change that
// throws writes nothing.
import { mkdir } from "node:fs/promises";
import { acquireDataDirLock, DataDirLockedError } from "../store/files/data-dir-lock.js";
import type { SitesDocument, StoredSite } from "../sites/site.js";
import { readSitesFile, writeSitesFile } from "../store/files/sites-file.js";
import { CliError } from "./cli-error.js";

export async function readSites(dataDir: string): Promise<SitesDocument> {
  return (await readSitesFile(dataDir)) ?? { sites: [] };
}

export async function changeSites<T>(dataDir: string, change: (document: SitesDocument) => T): Promise<T> {
  await mkdir(dataDir, { recursive: true });
  const lock = await acquireDataDirLock(dataDir, ".sites.lock").catch((error: unknown) => {
    if (error instanceof DataDirLockedError) {
      throw new CliError(`Another admin command is changing sites right now (lock file ${error.lockFile}); try again.`);
    }
    throw error;
  });
  try {
    const document = await readSites(dataDir);
    const result = change(document);
    await writeSitesFile(dataDir, document);
    return result;
  } finally {
    await lock.release();
  }
}

export function findSite(document: SitesDocument, id: string): StoredSite {
  const site = document.sites.find((candidate) => candidate.id === id);
  if (!site) throw new CliError(`No site ${JSON.stringify(id)}; \`sites list\` shows the ids.`);
  return site;
}
