// Minute windows in chat_minute_windows, shared by every process: one upsert counts a hit in the
// live window, or starts a new one when it has ended, and returns the count.
import type pg from "pg";
import type { MinuteWindows } from "../store.js";

export function postgresMinuteWindows(pool: pg.Pool): MinuteWindows {
  return {
    async increment(key, now, windowMs) {
      const { rows } = await pool.query<{ hits: number; reset_at: Date }>(
        `INSERT INTO chat_minute_windows AS w (key, hits, reset_at) VALUES ($1, 1, $3)
         ON CONFLICT (key) DO UPDATE SET
           hits = CASE WHEN w.reset_at <= $2 THEN 1 ELSE w.hits + 1 END,
           reset_at = CASE WHEN w.reset_at <= $2 THEN EXCLUDED.reset_at ELSE w.reset_at END
         RETURNING hits, reset_at`,
        [key, now, new Date(now.getTime() + windowMs)],
      );
      return { totalHits: rows[0]!.hits, resetTime: rows[0]!.reset_at };
    },
    async decrement(key, now) {
      await pool.query("UPDATE chat_minute_windows SET hits = hits - 1 WHERE key = $1 AND reset_at > $2 AND hits > 0", [key, now]);
    },
    async reset(key) {
      await pool.query("DELETE FROM chat_minute_windows WHERE key = $1", [key]);
    },
  };
}
