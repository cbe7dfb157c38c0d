// A fresh database per test file in the run's PostgreSQL cluster (postgres-global-setup.ts),
// dropped when the file's tests end.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, inject } from "vitest";
import { adminQuery } from "./postgres-cluster.js";

export { createDatabase } from "./postgres-cluster.js";

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

