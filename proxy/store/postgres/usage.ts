// Usage in chat_usage_days (counts added with upserts, so every process's figures add up) and
// chat_usage_sessions (one row per distinct session a day; the count is read, not stored).
import type pg from "pg";
import { USAGE_KEPT_DAYS } from "../../usage/usage-ledger.js";
import type { UsageDocument } from "../../usage/usage-shapes.js";
import { daysBefore, utcDay } from "../../utc-day.js";
import type { Clock } from "../../clock.js";
import type { UsageStore } from "../store.js";
import { inTransaction } from "./pool.js";

interface UsageRow {
  day: string;
  site_id: string;
  messages: string;
  prompt_tokens: string;
  completion_tokens: string;
  refused: Record<string, number>;
  sessions: string;
}

export function postgresUsage(pool: pg.Pool, clock: Clock): UsageStore {
  return {
    async read() {
      const { rows } = await pool.query<UsageRow>(
        `SELECT to_char(d.day, 'YYYY-MM-DD') AS day, d.site_id, d.messages, d.prompt_tokens, d.completion_tokens, d.refused,
                d.sessions_before + (SELECT count(*) FROM chat_usage_sessions s WHERE s.day = d.day AND s.site_id = d.site_id) AS sessions
         FROM chat_usage_days d WHERE d.day >= $1`,
        [daysBefore(utcDay(clock.now()), USAGE_KEPT_DAYS - 1)],
      );
      if (rows.length === 0) return undefined;
      const document: UsageDocument = { days: {} };
      for (const row of rows) {
        (document.days[row.day] ??= {})[row.site_id] = {
          messages: Number(row.messages),
          promptTokens: Number(row.prompt_tokens),
          completionTokens: Number(row.completion_tokens),
          refused: Object.fromEntries(Object.entries(row.refused).map(([code, count]) => [code, Number(count)])),
          sessions: Number(row.sessions),
        };
      }
      return document;
    },

    record: (changes) =>
      inTransaction(pool, async (client) => {
        for (const [day, sites] of Object.entries(changes.days)) {
          for (const [siteId, change] of Object.entries(sites)) {
            await client.query(
              `INSERT INTO chat_usage_days AS u (day, site_id, messages, prompt_tokens, completion_tokens, refused)
               VALUES ($1, $2, $3, $4, $5, $6::jsonb)
               ON CONFLICT (day, site_id) DO UPDATE SET
                 messages = u.messages + EXCLUDED.messages,
                 prompt_tokens = u.prompt_tokens + EXCLUDED.prompt_tokens,
                 completion_tokens = u.completion_tokens + EXCLUDED.completion_tokens,
                 refused = chat_add_counts(u.refused, EXCLUDED.refused)`,
              [day, siteId, change.messages, change.promptTokens, change.completionTokens, JSON.stringify(change.refused)],
            );
            if (change.sessionHashes.length > 0) {
              await client.query(
                "INSERT INTO chat_usage_sessions (day, site_id, session_hash) SELECT $1, $2, unnest($3::text[]) ON CONFLICT DO NOTHING",
                [day, siteId, change.sessionHashes],
              );
            }
          }
        }
      }),
  };
}
