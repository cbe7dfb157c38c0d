// Conversations in chat_threads, one row each, messages as a jsonb array. An update is a
// transaction under a per-session advisory lock (a row lock cannot guard a thread that does not
// exist yet), so two processes saving messages of one conversation never lose one. An update that
// only adds messages at the end is stored as a jsonb append, not a rewrite.
import { createHash } from "node:crypto";
import type pg from "pg";
import { decodeThread } from "../data-shapes.js";
import type { Store, Thread } from "../store.js";

const PRUNE_BATCH = 500;

type ThreadStore = Pick<Store, "readThread" | "updateThread" | "deleteThread" | "pruneThreads">;

interface ThreadRow {
  started_at: Date;
  messages: unknown;
}

export function postgresThreads(pool: pg.Pool): ThreadStore {
  const readIn = async (client: pg.Pool | pg.PoolClient, sessionId: string) => {
    const { rows } = await client.query<ThreadRow>("SELECT started_at, messages FROM chat_threads WHERE session_key = $1", [sessionId]);
    return rows[0] && toThread(sessionId, rows[0]);
  };

  return {
    readThread: (sessionId) => readIn(pool, sessionId),

    // Two round trips: lock and read in one, write and commit in the other. The simple query
    // protocol takes several statements at once but no parameters, so values go in as literals,
    // escaped by the driver.
    async updateThread(sessionId, update) {
      const client = await pool.connect();
      try {
        const key = client.escapeLiteral(sessionId);
        const results = (await client.query(
          `BEGIN; SELECT pg_advisory_xact_lock(${lockKey(sessionId)}); SELECT started_at, messages FROM chat_threads WHERE session_key = ${key}`,
        )) as unknown as pg.QueryResult<ThreadRow>[];
        const row = results[2]!.rows[0];
        const current = row && toThread(sessionId, row);
        const next = update(current);
        await client.query(`${writeStatement(client, sessionId, current, next)}COMMIT`);
        client.release();
        return next;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        client.release(error instanceof Error ? error : true);
        throw error;
      }
    },

    async deleteThread(sessionId) {
      await pool.query("DELETE FROM chat_threads WHERE session_key = $1", [sessionId]);
    },

    // Small batches, each its own statement: a long downtime's backlog never holds locks long
    // enough to hold up a chat, and rows a chat is updating right now are skipped until next time.
    async pruneThreads(cutoff) {
      let removed = 0;
      for (;;) {
        const { rowCount } = await pool.query(
          `DELETE FROM chat_threads WHERE session_key IN (
             SELECT session_key FROM chat_threads WHERE started_at < $1 LIMIT ${PRUNE_BATCH} FOR UPDATE SKIP LOCKED)`,
          [cutoff],
        );
        removed += rowCount ?? 0;
        if ((rowCount ?? 0) < PRUNE_BATCH) return removed;
      }
    },
  };
}

/** The statement (ending in `;`) that stores `next` in place of `current`; "" when nothing changes. */
function writeStatement(client: pg.PoolClient, sessionId: string, current: Thread | undefined, next: Thread | undefined): string {
  const key = client.escapeLiteral(sessionId);
  if (next !== undefined && next === current) return "";
  if (!next) return `DELETE FROM chat_threads WHERE session_key = ${key};`;
  if (next.sessionId !== sessionId || !decodeThread(next)) throw new Error(`Refusing to save a malformed thread for ${sessionId}`);
  const added = appended(current, next);
  if (added) return `UPDATE chat_threads SET messages = messages || ${client.escapeLiteral(JSON.stringify(added))}::jsonb WHERE session_key = ${key};`;
  return (
    `INSERT INTO chat_threads (session_key, started_at, messages) ` +
    `VALUES (${key}, ${client.escapeLiteral(next.startedAt)}, ${client.escapeLiteral(JSON.stringify(next.messages))}::jsonb) ` +
    `ON CONFLICT (session_key) DO UPDATE SET started_at = EXCLUDED.started_at, messages = EXCLUDED.messages;`
  );
}

function toThread(sessionId: string, row: ThreadRow): Thread {
  const thread = decodeThread({ sessionId, startedAt: row.started_at.toISOString(), messages: row.messages });
  if (!thread) throw new Error(`The stored thread of ${sessionId} does not have the expected shape`);
  return thread;
}

/** The messages `next` adds at the end of `current`, when that is all it changes. */
function appended(current: Thread | undefined, next: Thread): Thread["messages"] | undefined {
  if (!current || current.startedAt !== next.startedAt || next.messages.length <= current.messages.length) return undefined;
  const kept = current.messages.every((message, index) => {
    const same = next.messages[index]!;
    return same === message || (same.role === message.role && same.content === message.content && same.createdAt === message.createdAt);
  });
  return kept ? next.messages.slice(current.messages.length) : undefined;
}

/** A signed 64-bit advisory lock key for a session, as a decimal literal. */
function lockKey(sessionId: string): string {
  return createHash("sha256").update(`thread:${sessionId}`).digest().readBigInt64BE(0).toString();
}
