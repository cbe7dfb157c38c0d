// One file per conversation, so saving a message touches one small file, not the whole history.
// sessionIds (up to 255 chars, mixed case) are hashed: a hex digest is a safe file name on every
// file system, short enough for NAME_MAX and immune to case-insensitive disks merging `abc` and
// `ABC`. The first two hex digits shard files into 256 folders so no folder grows huge.
// `<digest>.jsonl` holds the conversation as JSON lines (thread-lines.ts); `<digest>.json`, the
// one-document file of earlier versions, is still read and becomes a `.jsonl` on its next change.
import { createHash } from "node:crypto";
import { constants, fstatSync, openSync, renameSync, writeFileSync, writeSync } from "node:fs";
import { open, readdir, readFile, rename } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { DataFileError } from "./data-file.js";
import { isCode } from "./fs-errors.js";
import { readLog, type ThreadLog } from "./thread-lines.js";
import type { Thread } from "../store.js";

const SHARD = /^[0-9a-f]{2}$/;
const SESSION_FILE = /^([0-9a-f]{64})\.jsonl?$/;
const LEFTOVER = /^\.[0-9a-f]{64}\.jsonl\.tmp$/;
// Enough parallel reads to keep the disk busy at start-up without running out of file handles.
const SCAN_CONCURRENCY = 32;

export function sessionFile(sessionsDir: string, sessionId: string): string {
  const digest = createHash("sha256").update(sessionId).digest("hex");
  return join(sessionsDir, digest.slice(0, 2), `${digest}.jsonl`);
}

/** Where an earlier version kept the conversation as one JSON document. */
export const legacySessionFile = (file: string) => file.slice(0, -1);

export const isLegacySessionFile = (file: string) => file.endsWith(".json");

/** Reads one session file; undefined when it does not exist; DataFileError when it is unreadable, corrupt or holds another session. */
export async function readSessionLog(sessionsDir: string, file: string): Promise<ThreadLog | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if (isCode(error, "ENOENT")) return undefined;
    throw new DataFileError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
  const log = readLog(bytes.toString("utf8"), bytes.length);
  if ("problem" in log) throw new DataFileError(file, `${log.problem} at line ${log.line}`);
  const owner = sessionFile(sessionsDir, log.thread.sessionId);
  if (owner !== file && legacySessionFile(owner) !== file) {
    throw new DataFileError(file, `holds session ${JSON.stringify(log.thread.sessionId)}, which belongs elsewhere`);
  }
  return log;
}

export interface ScanFound {
  sessionId: string;
  file: string;
  log: ThreadLog;
}

/**
 * Every stored thread, read once at open to build the index of start times. `onStale` gets the
 * files a crash left behind: a half-written rewrite, and an old `.json` whose `.jsonl` was
 * already written.
 */
export async function scanSessionLogs(sessionsDir: string, onFound: (found: ScanFound) => void, onStale: (file: string) => void = () => undefined): Promise<void> {
  const shards = (await readdir(sessionsDir, { withFileTypes: true })).filter((entry) => entry.isDirectory() && SHARD.test(entry.name));
  for (const shard of shards) {
    const dir = join(sessionsDir, shard.name);
    const names = await readdir(dir);
    const present = new Set(names);
    const files: string[] = [];
    for (const name of names) {
      if (LEFTOVER.test(name)) onStale(join(dir, name));
      else if (SESSION_FILE.test(name)) {
        if (name.endsWith(".json") && present.has(`${name}l`)) onStale(join(dir, name));
        else files.push(join(dir, name));
      }
    }
    for (let start = 0; start < files.length; start += SCAN_CONCURRENCY) {
      const batch = files.slice(start, start + SCAN_CONCURRENCY);
      const logs = await Promise.all(batch.map((file) => readSessionLog(sessionsDir, file)));
      logs.forEach((log, i) => {
        if (log) onFound({ sessionId: log.thread.sessionId, file: batch[i]!, log });
      });
    }
  }
}

/** Every stored thread (both file formats), e.g. for copying a store elsewhere. */
export function scanSessionFiles(sessionsDir: string, onThread: (thread: Thread) => void): Promise<void> {
  return scanSessionLogs(sessionsDir, ({ log }) => onThread(log.thread));
}

// Appends are synchronous: a stat and a write of one line to the page cache take microseconds,
// while each asynchronous call is a trip through libuv's thread pool and a promise, which the
// profile showed costing more main-thread time than the write itself.

/** Opens an existing session file for appending; ENOENT when it is gone. */
export const openForAppend = (file: string): number => openSync(file, constants.O_WRONLY | constants.O_APPEND);

/**
 * Appends whole lines, in one write, to a session file opened with openForAppend. `expectedSize`
 * is what this process last left there: a file changed by anyone else is not appended to.
 */
export function appendToSessionFile(fd: number, file: string, lines: Buffer, expectedSize: number): void {
  const { size, nlink } = fstatSync(fd);
  // The file was removed while open: the descriptor holds an orphan, so it is as good as missing.
  if (nlink === 0) throw Object.assign(new Error(`${file} was removed`), { code: "ENOENT" });
  if (size !== expectedSize) throw new ChangedOnDiskError(file);
  let written = 0;
  while (written < lines.length) written += writeSync(fd, lines, written);
}

export class ChangedOnDiskError extends Error {
  constructor(readonly file: string) {
    super(`${file} was changed by something other than this proxy`);
    this.name = "ChangedOnDiskError";
  }
}

/**
 * Puts a session file in place whole: a temp file, then a rename, so a crash leaves the old file
 * or the new one, never half of either. Synchronous like the appends: it starts every new
 * conversation. rewriteSessionFile is the durable kind.
 */
export function createSessionFile(file: string, text: Buffer): void {
  const temp = tempFileOf(file);
  writeFileSync(temp, text);
  renameSync(temp, file);
}

const tempFileOf = (file: string) => join(dirname(file), `.${basename(file)}.tmp`);

/**
 * Replaces a session file whole like createSessionFile, with the temp file flushed to the device
 * before the rename: for rewrites that replace content a power cut must not lose (compaction, an
 * old file's first change). Asynchronous, as an fsync may take a while.
 */
export async function rewriteSessionFile(file: string, text: Buffer): Promise<void> {
  const temp = tempFileOf(file);
  const handle = await open(temp, "w");
  try {
    await handle.write(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
}
