// One pg Pool per process, with every wait bounded: a database that is gone or hangs answers
// 503 STORE_UNAVAILABLE within seconds instead of holding requests (and their quota) forever.
// Clients that break (the server restarted) are dropped and the pool connects anew on demand.
import pg from "pg";

export interface PoolOptions {
  url: string;
  /** Connections this process may hold (default 10). */
  max?: number;
  /** Bound on connecting, on each statement, and on a call as the client sees it (default 3 s). */
  timeoutMs?: number;
}

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export function createPool({ url, max = 10, timeoutMs = 3000 }: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: timeoutMs,
    statement_timeout: timeoutMs,
    query_timeout: timeoutMs + 500,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    application_name: "chat-widget-proxy",
  });
  // A client whose server went away emits `error`: the pool reports idle ones here and drops
  // them; a checked-out one (between two statements of a transaction) has only its own listener.
  // Unhandled, either would end the process; the statement that needed the client fails instead.
  pool.on("error", () => undefined);
  pool.on("connect", (client) => client.on("error", () => undefined));
  return pool;
}

/** Runs `work` in one transaction; a failure rolls back and the connection, maybe broken, is dropped. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>, begin = "BEGIN"): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query("COMMIT");
    client.release();
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    client.release(error instanceof Error ? error : true);
    throw error;
  }
}
