// The schema, as numbered migrations applied in order at start-up. Several processes starting
// at once is normal (a rolling deploy, two instances): each takes the same advisory lock, so one
// migrates and the others find the work done. A migration is never edited once released; a
// change is a new entry.
import type pg from "pg";

// "chatwdgt" as a number: the lock this schema's migrations hold.
const MIGRATION_LOCK = 0x63686174776467;

export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: "threads, quotas, minute windows, sites, usage",
    sql: `
      CREATE TABLE chat_install (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        secret bytea NOT NULL
      );
      CREATE TABLE chat_threads (
        session_key text PRIMARY KEY,
        started_at timestamptz NOT NULL,
        messages jsonb NOT NULL
      );
      CREATE INDEX chat_threads_started_at ON chat_threads (started_at);
      CREATE TABLE chat_quota_counts (
        day date NOT NULL,
        scope text NOT NULL CHECK (scope IN ('site', 'visitor')),
        key text NOT NULL,
        count bigint NOT NULL CHECK (count >= 0),
        PRIMARY KEY (day, scope, key)
      );
      CREATE TABLE chat_minute_windows (
        key text PRIMARY KEY,
        hits integer NOT NULL,
        reset_at timestamptz NOT NULL
      );
      CREATE TABLE chat_sites (
        id text PRIMARY KEY,
        position bigserial,
        site jsonb NOT NULL
      );
      CREATE TABLE chat_sites_version (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        version bigint NOT NULL
      );
      INSERT INTO chat_sites_version (version) VALUES (0);
      CREATE TABLE chat_usage_days (
        day date NOT NULL,
        site_id text NOT NULL,
        messages bigint NOT NULL,
        prompt_tokens bigint NOT NULL,
        completion_tokens bigint NOT NULL,
        refused jsonb NOT NULL,
        -- Distinct sessions counted before this day's rows came here (a copy from files keeps
        -- only the count for past days); the rest are rows of chat_usage_sessions.
        sessions_before bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (day, site_id)
      );
      CREATE TABLE chat_usage_sessions (
        day date NOT NULL,
        site_id text NOT NULL,
        session_hash text NOT NULL,
        PRIMARY KEY (day, site_id, session_hash)
      );

      -- Counts one message against the visitor's and the site's limit, or neither. Each count is a
      -- conditional upsert (the row lock makes concurrent ones queue, never read-then-write); a
      -- site refusal takes the visitor's count back in the same transaction, so no one sees it.
      -- Limits are bigint: a quota may be set as high as JavaScript counts exactly (2^53 - 1).
      CREATE FUNCTION chat_consume_quota(p_day date, p_site text, p_site_limit bigint, p_visitor text, p_visitor_limit bigint)
      RETURNS text LANGUAGE plpgsql AS $$
      DECLARE counted bigint;
      BEGIN
        IF p_visitor IS NOT NULL THEN
          INSERT INTO chat_quota_counts AS q (day, scope, key, count) VALUES (p_day, 'visitor', p_visitor, 1)
          ON CONFLICT (day, scope, key) DO UPDATE SET count = q.count + 1 WHERE q.count < p_visitor_limit
          RETURNING q.count INTO counted;
          IF counted IS NULL OR counted > p_visitor_limit THEN RETURN 'visitor'; END IF;
        END IF;
        counted := NULL;
        INSERT INTO chat_quota_counts AS q (day, scope, key, count) VALUES (p_day, 'site', p_site, 1)
        ON CONFLICT (day, scope, key) DO UPDATE SET count = q.count + 1 WHERE q.count < p_site_limit
        RETURNING q.count INTO counted;
        IF counted IS NULL OR counted > p_site_limit THEN
          IF p_visitor IS NOT NULL THEN
            UPDATE chat_quota_counts SET count = count - 1 WHERE day = p_day AND scope = 'visitor' AND key = p_visitor;
          END IF;
          RETURN 'site';
        END IF;
        RETURN NULL;
      END $$;

      -- Adds two {code: count} objects: refusals by code.
      CREATE FUNCTION chat_add_counts(a jsonb, b jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
        SELECT coalesce(jsonb_object_agg(key, total), '{}'::jsonb)
        FROM (SELECT key, sum(value::bigint) AS total
              FROM (SELECT * FROM jsonb_each_text(a) UNION ALL SELECT * FROM jsonb_each_text(b)) AS counts
              GROUP BY key) AS sums
      $$;
    `,
  },
  {
    version: 2,
    name: "site knowledge",
    sql: `
      CREATE TABLE chat_knowledge (
        site_id text PRIMARY KEY,
        document jsonb NOT NULL,
        version bigint NOT NULL
      );
    `,
  },
];

/** Applies the migrations this database lacks; safe when several processes run it at once. */
export async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK})`);
    try {
      await client.query(
        "CREATE TABLE IF NOT EXISTS chat_schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
      );
      const { rows } = await client.query<{ version: number }>("SELECT version FROM chat_schema_migrations");
      const applied = new Set(rows.map((row) => row.version));
      for (const migration of MIGRATIONS) {
        if (applied.has(migration.version)) continue;
        await client.query("BEGIN");
        try {
          await client.query(migration.sql);
          await client.query("INSERT INTO chat_schema_migrations (version, name) VALUES ($1, $2)", [migration.version, migration.name]);
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK");
          throw error;
        }
      }
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`);
    }
    client.release();
  } catch (error) {
    client.release(error instanceof Error ? error : true);
    throw error;
  }
}
