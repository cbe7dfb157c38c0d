// Only one process may write a data directory: steno's temp-file name is fixed (`.name.tmp`), so
// two writers would rename each other's half-written files into place. The lock is a file
// holding the owner's pid; a lock whose process is gone (kill -9, a crash) is taken over.
import { randomUUID } from "node:crypto";
import { link, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isCode } from "./fs-errors.js";

export interface DataDirLock {
  release(): Promise<void>;
}

export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string, readonly holderPid: number | undefined, readonly lockFile = join(dataDir, ".lock")) {
    const holder = holderPid === undefined ? "another process" : `process ${holderPid}`;
    super(
      `DATA_DIR ${dataDir} is in use by ${holder} (lock file ${lockFile}). ` +
        "Stop that proxy or point DATA_DIR elsewhere; delete the lock file only if no proxy uses the directory.",
    );
    this.name = "DataDirLockedError";
  }
}

// Lock files this process holds, so opening the same directory twice in one process is refused
// while a lock with our own pid that we do not hold (a container restarted as pid 1) is stale.
const heldHere = new Set<string>();

/** `name`: the proxy holds `.lock`; the admin CLI takes `.sites.lock` for sites.json and `.knowledge-<site>.lock` for a site's knowledge. */
export async function acquireDataDirLock(dataDir: string, name = ".lock"): Promise<DataDirLock> {
  const file = join(dataDir, name);
  if (heldHere.has(file)) throw new DataDirLockedError(dataDir, process.pid, file);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    if (await createWithPid(file)) {
      heldHere.add(file);
      return { release: () => release(file) };
    }
    const holder = await readPid(file);
    if (holder !== undefined && holder !== process.pid && isAlive(holder)) throw new DataDirLockedError(dataDir, holder, file);
    // Two processes taking over the same stale lock at the same instant could both succeed; starting
    // two proxies on one directory at once is not a case we guard beyond this.
    await rm(file, { force: true });
  }
  // Another process took the stale lock between our removal and our retry.
  throw new DataDirLockedError(dataDir, await readPid(file), file);
}

// The pid is written to a private file first and linked into place, so the lock never exists
// empty: a process starting at the same moment cannot mistake a half-created lock for a stale one.
async function createWithPid(file: string): Promise<boolean> {
  const draft = `${file}.${process.pid}.${randomUUID()}`;
  await writeFile(draft, `${process.pid}\n`);
  try {
    await link(draft, file);
    return true;
  } catch (error) {
    if (isCode(error, "EEXIST")) return false;
    throw error;
  } finally {
    await rm(draft, { force: true });
  }
}

async function release(file: string): Promise<void> {
  if (!heldHere.delete(file)) return;
  if ((await readPid(file)) === process.pid) await rm(file, { force: true });
}

async function readPid(file: string): Promise<number | undefined> {
  const text = await readFile(file, "utf8").catch((error: unknown) => {
    if (isCode(error, "ENOENT")) return "";
    throw error;
  });
  const pid = Number(text.trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return isCode(error, "EPERM");
  }
}
