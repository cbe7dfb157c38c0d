// Daily quota counts in chat_quota_counts, shared by every process: one call of
// chat_consume_quota (a conditional upsert per scope, see migrations.ts) counts a message or says
// which limit refused it, in one round trip.
import type pg from "pg";
import type { QuotaCounters } from "../store.js";

export function postgresQuotaCounters(pool: pg.Pool): QuotaCounters {
  return {
    load: async () => undefined,

    async consume({ day, siteId, siteLimit, visitorKey, visitorLimit }) {
      const { rows } = await pool.query<{ refused: "site" | "visitor" | null }>("SELECT chat_consume_quota($1, $2, $3, $4, $5) AS refused", [
        day,
        siteId,
        siteLimit,
        visitorKey ?? null,
        visitorLimit,
      ]);
      return rows[0]?.refused ?? undefined;
    },

    async refund({ day, siteId, visitorKey }) {
      await pool.query(
        `UPDATE chat_quota_counts SET count = count - 1
         WHERE day = $1 AND count > 0 AND ((scope = 'site' AND key = $2) OR (scope = 'visitor' AND key = $3))`,
        [day, siteId, visitorKey ?? null],
      );
    },

    flush: async () => undefined,
  };
}
