// One JSON file per conversation, so saving a message rewrites one small file, not the whole
// history. sessionIds (up to 255 chars, mixed case) are hashed: a hex digest is a safe file name
// on every file system, short enough for NAME_MAX and immune to case-insensitive disks merging
// `abc` and `ABC`. The first two hex digits shard files into 256 folders so no folder grows huge.
import { createHash } from "node:crypto";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { DataFileError, readDataFile } from "./data-file.js";
import { decodeThread } from "../data-shapes.js";
import type { Thread } from "../store.js";

const SHARD = /^[0-9a-f]{2}$/;
const SESSION_FILE = /^[0-9a-f]{64}\.json$/;
// Enough parallel reads to keep the disk busy at start-up without running out of file handles.
const SCAN_CONCURRENCY = 32;

export function sessionFile(sessionsDir: string, sessionId: string): string {
  const digest = createHash("sha256").update(sessionId).digest("hex");
  return join(sessionsDir, digest.slice(0, 2), `${digest}.json`);
}

/** Reads one session file; DataFileError when it is unreadable, corrupt or holds another session. */
export async function readSessionFile(sessionsDir: string, file: string): Promise<Thread | undefined> {
  const thread = await readDataFile(file, decodeThread);
  if (thread && sessionFile(sessionsDir, thread.sessionId) !== file) {
    throw new DataFileError(file, `holds session ${JSON.stringify(thread.sessionId)}, which belongs elsewhere`);
  }
  return thread;
}

/** Every stored thread, read once at open to build the index of start times. */
export async function scanSessionFiles(sessionsDir: string, onThread: (thread: Thread) => void): Promise<void> {
  const shards = (await readdir(sessionsDir, { withFileTypes: true })).filter((entry) => entry.isDirectory() && SHARD.test(entry.name));
  for (const shard of shards) {
    const dir = join(sessionsDir, shard.name);
    // Leftover `.<name>.tmp` files from a crash mid-write are skipped: the real file is intact.
    const files = (await readdir(dir)).filter((name) => SESSION_FILE.test(name)).map((name) => join(dir, name));
    for (let start = 0; start < files.length; start += SCAN_CONCURRENCY) {
      const threads = await Promise.all(files.slice(start, start + SCAN_CONCURRENCY).map((file) => readSessionFile(sessionsDir, file)));
      for (const thread of threads) if (thread) onThread(thread);
    }
  }
}
