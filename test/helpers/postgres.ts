// A fresh database per test file in the run's PostgreSQL cluster (postgres-global-setup.ts),
// dropped when the file's tests end.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";

export interface TestDatabase {
  /** Set once the file's beforeAll has run. */
  url: string;
}

/** Call at the top of a test file. */
export function useTestDatabase(): TestDatabase {
  const adminUrl = inject("postgresAdminUrl");
  const name = `test_${randomBytes(6).toString("hex")}`;
  const database: TestDatabase = { url: "" };
  beforeAll(async () => {
    await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    database.url = url.toString();
  });
  afterAll(async () => {
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
  return database;
}

/** A second, empty database in the same cluster (e.g. one per test). */
export async function createDatabase(adminUrl: string): Promise<string> {
  const name = `test_${randomBytes(6).toString("hex")}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
