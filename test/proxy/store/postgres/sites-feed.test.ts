// The sites' change feed: NOTIFY reaches a listening proxy at once; polling the version is the
// fallback when notifications are not heard (a lost connection, a pooler that drops LISTEN).
import { afterEach, describe, expect, it } from "vitest";
import { openSiteRegistry, type SiteRegistry } from "../../../../proxy/sites/registry.js";
import { openPostgresStore } from "../../../../proxy/store/postgres/postgres-store.js";
import type { Store } from "../../../../proxy/store/store.js";
import { testConfig } from "../../../helpers/app.js";
import { useTestDatabase } from "../../../helpers/postgres.js";
import { testSite } from "../../../helpers/sites.js";

const database = useTestDatabase();
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function open(): Promise<Store> {
  const store = await openPostgresStore({ url: database.url, housekeepingMs: 0 });
  cleanup.push(() => store.close());
  return store;
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
}

function track(registry: SiteRegistry): SiteRegistry {
  cleanup.push(() => registry.stop());
  return registry;
}

describe("sites change feed (PostgreSQL)", () => {
  it("delivers a change to a proxy that does not poll, through LISTEN/NOTIFY", async () => {
    const proxyStore = await open();
    const registry = track(await openSiteRegistry({ config: testConfig(), store: proxyStore.sites, pollIntervalMs: 0 }));
    const cliStore = await open();
    const { stored } = testSite();
    await cliStore.sites.change((document) => document.sites.push(stored));
    await until(() => registry.find(stored.id) !== undefined);
    expect(registry.find(stored.id)?.name).toBe(stored.name);
  });

  it("falls back to polling the version when no notification arrives", async () => {
    const proxyStore = await open();
    const deaf = { ...proxyStore.sites, watch: () => () => undefined };
    const registry = track(await openSiteRegistry({ config: testConfig(), store: deaf, pollIntervalMs: 50 }));
    const { stored } = testSite();
    await (await open()).sites.change((document) => document.sites.push(stored));
    await until(() => registry.find(stored.id) !== undefined);
    expect(registry.find(stored.id)?.name).toBe(stored.name);
  });
});
