// The conversations of the files store: one JSON-lines file each (session-files.ts,
// thread-lines.ts). Conversations in use stay in memory; saving a message appends its line to
// the file (a write, no rename), so the cost is the same with 1,000 or 100,000 stored. A file
// mostly made of lines that no longer count (trimmed messages, a thread replaced after its TTL)
// is rewritten whole. Thread start times are indexed in memory at open, so reads of unknown
// sessions and pruning touch no disk beyond the files they change.
import { closeSync, mkdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import { dirname } from "node:path";
import { decodeThread } from "../data-shapes.js";
import { createKeyedQueue } from "../keyed-queue.js";
import type { Store, Thread } from "../store.js";
import { isCode } from "./fs-errors.js";
import {
  appendToSessionFile,
  ChangedOnDiskError,
  createSessionFile,
  isLegacySessionFile,
  openForAppend,
  readSessionLog,
  rewriteSessionFile,
  scanSessionLogs,
  sessionFile,
} from "./session-files.js";
import { applyChange, changeLines, freshLog, snapshotLine, type ThreadLog } from "./thread-lines.js";

const PRUNE_BATCH = 64;
// Conversations kept in memory, by the size of what they hold (characters, estimated): a few
// hundred long ones or thousands of short ones, some tens of MB of heap at most. The rest are
// read from their file when they come back.
const LIVE_THREADS_SIZE = 4_000_000;
// Files of the conversations in use stay open for appending: an open and a close cost more
// than the write itself. Well under the usual limit of 1,024 open files a process.
const OPEN_FILES = 256;
// A file is rewritten once more than half of it, and at least this much, no longer counts.
const COMPACT_DEAD_BYTES = 64 * 1024;

export type ThreadFiles = Pick<Store, "readThread" | "updateThread" | "deleteThread" | "pruneThreads"> & {
  /** Waits for the writes under way and closes the files held open. */
  close(): Promise<void>;
};

interface IndexEntry {
  /** The file as it is now: `.jsonl`, or an old `.json` until its next change. */
  file: string;
  startedAt: number;
}

/** Reads every file once (DataFileError names a corrupt one) and removes what a crash left behind. */
export async function openThreadFiles(sessionsDir: string, compactDeadBytes = COMPACT_DEAD_BYTES): Promise<ThreadFiles> {
  const index = new Map<string, IndexEntry>();
  const stale: string[] = [];
  await scanSessionLogs(
    sessionsDir,
    ({ sessionId, file, log }) => index.set(sessionId, { file, startedAt: Date.parse(log.thread.startedAt) }),
    (file) => stale.push(file),
  );
  for (const file of stale) await rm(file, { force: true });

  const queue = createKeyedQueue();
  let closed = false;

  // Least recently used first (a Map keeps insertion order).
  const live = new Map<string, ThreadLog>();
  let liveSize = 0;
  function remember(sessionId: string, log: ThreadLog): void {
    forget(sessionId);
    live.set(sessionId, log);
    liveSize += log.liveSize;
    for (const [oldest, dropped] of live) {
      if (liveSize <= LIVE_THREADS_SIZE || oldest === sessionId) break;
      live.delete(oldest);
      liveSize -= dropped.liveSize;
    }
  }
  function forget(sessionId: string): void {
    const log = live.get(sessionId);
    if (!log) return;
    live.delete(sessionId);
    liveSize -= log.liveSize;
  }

  /** Only inside the session's queue: a read racing an update could remember an older thread. */
  async function loadLog(sessionId: string): Promise<ThreadLog | undefined> {
    const cached = live.get(sessionId);
    if (cached) return cached;
    const entry = index.get(sessionId);
    if (!entry) return undefined;
    const log = await readSessionLog(sessionsDir, entry.file);
    if (log) remember(sessionId, log);
    return log;
  }

  // Least recently used first, like `live`: session → file descriptor.
  const handles = new Map<string, number>();
  function handleFor(sessionId: string, file: string): number {
    let fd = handles.get(sessionId);
    if (fd !== undefined) handles.delete(sessionId);
    else fd = openForAppend(file);
    handles.set(sessionId, fd);
    for (const [oldest, old] of handles) {
      if (handles.size <= OPEN_FILES) break;
      // Appends are synchronous, so no other session's append is ever half done here.
      handles.delete(oldest);
      closeSync(old);
    }
    return fd;
  }
  function closeHandle(sessionId: string): void {
    const fd = handles.get(sessionId);
    if (fd === undefined) return;
    handles.delete(sessionId);
    closeSync(fd);
  }

  // A recursive mkdir costs a mkdir and a stat even when the folder exists, and there are only
  // 256 shard folders: each is created once per process, not on every message.
  const shards = new Set<string>();
  function ensureShard(dir: string): void {
    if (shards.has(dir)) return;
    mkdirSync(dir, { recursive: true });
    shards.add(dir);
  }

  async function removeFile(sessionId: string): Promise<void> {
    closeHandle(sessionId);
    const entry = index.get(sessionId);
    if (entry) await rm(entry.file, { force: true });
    index.delete(sessionId);
    forget(sessionId);
  }

  /** Writes the thread as one snapshot line into its `.jsonl` (replacing an old `.json`). */
  async function rewrite(sessionId: string, thread: Thread, durable: boolean): Promise<ThreadLog> {
    const file = sessionFile(sessionsDir, sessionId);
    const text = Buffer.from(snapshotLine(thread));
    // The rename puts a new file in place; a handle on the old one would append to nothing.
    closeHandle(sessionId);
    const write = () => (durable ? rewriteSessionFile(file, text) : createSessionFile(file, text));
    ensureShard(dirname(file));
    try {
      await write();
    } catch (error) {
      if (!isCode(error, "ENOENT")) throw error;
      // The shard folder was removed under us (by hand): create it again and write once more.
      shards.delete(dirname(file));
      ensureShard(dirname(file));
      await write();
    }
    const previous = index.get(sessionId)?.file;
    if (previous !== undefined && isLegacySessionFile(previous)) await rm(previous, { force: true });
    index.set(sessionId, { file, startedAt: Date.parse(thread.startedAt) });
    const log = freshLog(thread, text.length);
    remember(sessionId, log);
    return log;
  }

  /** Saves `next` over what `log` holds: appended lines when it can, the whole thread otherwise. */
  async function save(sessionId: string, log: ThreadLog | undefined, next: Thread): Promise<ThreadLog> {
    const entry = index.get(sessionId);
    if (!log || !entry || log.needsRewrite || isLegacySessionFile(entry.file)) {
      // A changed thread over an old one-document file: rewritten durably, as it holds what was acknowledged.
      return rewrite(sessionId, next, log !== undefined);
    }
    const change = changeLines(log.thread, next) ?? { text: snapshotLine(next), dropped: log.thread.messages.length };
    const lines = Buffer.from(change.text);
    try {
      appendToSessionFile(handleFor(sessionId, entry.file), entry.file, lines, log.fileSize);
    } catch (error) {
      // Removed by hand while running: everything is in memory, so the file is written whole again.
      if (isCode(error, "ENOENT")) return rewrite(sessionId, next, false);
      closeHandle(sessionId);
      if (error instanceof ChangedOnDiskError) forget(sessionId);
      throw error;
    }
    entry.startedAt = Date.parse(next.startedAt);
    const saved = applyChange(log, next, change, lines.length);
    remember(sessionId, saved);
    if (saved.fileSize - saved.liveSize > Math.max(compactDeadBytes, saved.liveSize)) void compact(sessionId);
    return saved;
  }

  // After the append is acknowledged, in the session's queue so no append interleaves. A failed
  // compaction loses nothing (the file is still whole) and is tried again after the next message.
  function compact(sessionId: string): Promise<void> {
    return queue
      .run(sessionId, async () => {
        const log = live.get(sessionId);
        if (log && !closed) await rewrite(sessionId, log.thread, true);
      })
      .catch(() => undefined);
  }

  return {
    async readThread(sessionId) {
      const cached = live.get(sessionId);
      if (cached) return cached.thread;
      if (!index.has(sessionId)) return undefined;
      return (await queue.run(sessionId, () => loadLog(sessionId)))?.thread;
    },

    updateThread: (sessionId, update) =>
      queue.run(sessionId, async () => {
        const log = await loadLog(sessionId);
        const current = log?.thread;
        const next = update(current);
        if (next !== undefined && next === current) return current;
        if (!next) {
          await removeFile(sessionId);
          return undefined;
        }
        // Never write what the next start-up would refuse to read.
        if (next.sessionId !== sessionId || !decodeThread(next)) throw new Error(`Refusing to save a malformed thread for ${sessionId}`);
        return (await save(sessionId, log, next)).thread;
      }),

    deleteThread: (sessionId) => queue.run(sessionId, () => removeFile(sessionId)),

    async pruneThreads(cutoff) {
      const expired = [...index].filter(([, entry]) => entry.startedAt < cutoff.getTime()).map(([sessionId]) => sessionId);
      let removed = 0;
      // In batches: after a long downtime tens of thousands may be due, and scheduling them all
      // at once stalls the event loop for hundreds of milliseconds.
      for (let start = 0; start < expired.length; start += PRUNE_BATCH) {
        const batch = expired.slice(start, start + PRUNE_BATCH).map((sessionId) =>
          queue.run(sessionId, async () => {
            // The thread may have been replaced by a new one while this prune waited its turn.
            const started = index.get(sessionId)?.startedAt;
            if (started === undefined || started >= cutoff.getTime()) return 0;
            await removeFile(sessionId);
            return 1;
          }),
        );
        for (const count of await Promise.all(batch)) removed += count;
      }
      return removed;
    },

    async close() {
      closed = true;
      await queue.idle();
      for (const sessionId of [...handles.keys()]) closeHandle(sessionId);
    },
  };
}
