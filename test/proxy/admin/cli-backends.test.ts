// The admin CLI speaks the same commands to either backend: DATA_DIR files, or DATABASE_URL.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { createKnowledgeGrounder } from "../../../proxy/knowledge/knowledge.js";
import { KnowledgeBusyError } from "../../../proxy/knowledge/knowledge-store.js";
import { createJsonLogger } from "../../../proxy/log.js";
import { runCli } from "../../../proxy/admin/run-cli.js";
import { openLowdbStore } from "../../../proxy/store/files/lowdb-store.js";
import { openPostgresStore } from "../../../proxy/store/postgres/postgres-store.js";
import type { Store } from "../../../proxy/store/store.js";
import { createHistory } from "../../../proxy/history.js";
import { createUsageLedger } from "../../../proxy/usage/usage-ledger.js";
import { deferred } from "../../helpers/deferred.js";
import { startForbiddenServer, startKnowledgeSite, type ForbiddenServer, type KnowledgeSite } from "../../helpers/knowledge-site.js";
import { createManualClock } from "../../helpers/manual-clock.js";
import { createDatabase } from "../../helpers/postgres.js";
import { useTempDirs } from "../../helpers/temp-dir.js";

const tempDir = useTempDirs("admin-cli-backends-");
const now = new Date("2030-01-15T12:00:00.000Z");

async function cli(env: NodeJS.ProcessEnv, argv: string[], dataDir?: string) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    env,
    now,
    ...(dataDir !== undefined && { dataDir }),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

let site: KnowledgeSite;
let forbidden: ForbiddenServer;
beforeAll(async () => {
  forbidden = await startForbiddenServer();
  site = await startKnowledgeSite(forbidden.origin);
});
afterAll(async () => {
  await site.close();
  await forbidden.close();
});

const openBackend = (env: NodeJS.ProcessEnv): Promise<Store> =>
  env.DATABASE_URL !== undefined
    ? openPostgresStore({ url: env.DATABASE_URL, clock: createManualClock(), housekeepingMs: 0 })
    : openLowdbStore({ dataDir: env.DATA_DIR!, clock: createManualClock() });

const backends = [
  { name: "files (DATA_DIR)", env: async (): Promise<NodeJS.ProcessEnv> => ({ DATA_DIR: await tempDir() }) },
  { name: "PostgreSQL (DATABASE_URL)", env: async (): Promise<NodeJS.ProcessEnv> => ({ DATABASE_URL: await createDatabase(inject("postgresAdminUrl")) }) },
];

describe.each(backends)("admin CLI on $name", (backend) => {
  it("adds, lists, changes, rotates and removes sites with the same commands", async () => {
    const env = await backend.env();
    const added = await cli(env, ["sites", "add", "--name", "Shop", "--origin", "https://shop.example", "--json"]);
    expect(added).toMatchObject({ code: 0, stderr: "" });
    const { site } = JSON.parse(added.stdout) as { site: { id: string } };
    expect((await cli(env, ["sites", "set", site.id, "--daily-quota", "7"])).code).toBe(0);
    const shown = JSON.parse((await cli(env, ["sites", "show", site.id, "--json"])).stdout) as { site: { dailyQuota: number; allowedOrigins: string[] } };
    expect(shown.site).toMatchObject({ dailyQuota: 7, allowedOrigins: ["https://shop.example"] });
    expect((await cli(env, ["sites", "rotate-key", site.id])).stdout).toMatch(/cwk_[0-9A-Za-z]{40}/);
    expect((await cli(env, ["sites", "list"])).stdout).toContain(site.id);
    expect((await cli(env, ["sites", "remove", site.id])).code).toBe(0);
    const missing = await cli(env, ["sites", "show", site.id]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`No site "${site.id}"`);
  });

  it("keeps a site's knowledge there, and the proxy grounds its answers on it", async () => {
    const env = await backend.env();
    const { site: shop } = JSON.parse((await cli(env, ["sites", "add", "--name", "Shop", "--origin", site.origin, "--json"])).stdout) as { site: { id: string } };
    expect((await cli(env, ["knowledge", "add", shop.id, "--url", site.url("/shipping.html")])).code).toBe(0);
    expect((await cli(env, ["knowledge", "list", shop.id])).stdout).toContain(site.url("/shipping.html"));
    const store = await openBackend(env);
    try {
      const grounder = createKnowledgeGrounder({ store: store.knowledge, demoDir: undefined, clock: createManualClock(), logger: createJsonLogger(() => undefined) });
      const grounding = await grounder.ground({
        siteId: shop.id, siteOrigins: [site.origin], ownOrigins: [], pageUrl: undefined, question: "Do you deliver to Canada?", earlierQuestion: undefined, budgetTokens: 1500,
      });
      expect(grounding.sources).toEqual([{ title: "Shipping – Acme Kettle", url: site.url("/shipping.html") }]);
    } finally {
      await store.close();
    }
    expect((await cli(env, ["knowledge", "remove", shop.id, "k1"])).code).toBe(0);
    expect((await cli(env, ["knowledge", "list", shop.id])).stdout).toContain("has no knowledge yet");
  });

  it("refuses the second of two knowledge changes at once, and keeps the first", async () => {
    const env = await backend.env();
    const store = await openBackend(env);
    try {
      const entered = deferred();
      const holding = deferred();
      const first = store.knowledge.change("default", async (document) => {
        entered.resolve();
        await holding.promise;
        document.sources.push({ id: "k1", kind: "file", location: "/first.md", addedAt: "", refreshedAt: "" });
      });
      await entered.promise;
      const second = store.knowledge.change("default", async (document) => {
        document.sources.push({ id: "k1", kind: "file", location: "/second.md", addedAt: "", refreshedAt: "" });
      });
      // Files: the second finds the first's lock; PostgreSQL: the first finds the version moved on.
      const settled = await Promise.allSettled([second.finally(() => holding.resolve()), first]);
      expect(settled.filter((result) => result.status === "rejected").map((result) => (result as PromiseRejectedResult).reason)).toEqual([
        expect.any(KnowledgeBusyError),
      ]);
      expect((await store.knowledge.read("default")).sources).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it("prints a site's usage as the proxies recorded it", async () => {
    const env = await backend.env();
    const { site } = JSON.parse((await cli(env, ["sites", "add", "--name", "Shop", "--json"])).stdout) as { site: { id: string } };
    const clock = createManualClock();
    const store: Store =
      env.DATABASE_URL !== undefined
        ? await openPostgresStore({ url: env.DATABASE_URL, clock, housekeepingMs: 0 })
        : await openLowdbStore({ dataDir: env.DATA_DIR!, clock });
    const ledger = createUsageLedger({ clock, store: store.usage });
    ledger.accepted(site.id, "s", { promptTokens: 12, completionTokens: 3 });
    ledger.refused(site.id, "RATE_LIMITED");
    await ledger.flush();
    await store.close();
    const json = JSON.parse((await cli(env, ["usage", site.id, "--days", "1", "--json"])).stdout) as { days: unknown[] };
    expect(json.days).toEqual([
      { date: "2030-01-15", messages: 1, promptTokens: 12, completionTokens: 3, refused: 1, refusedByCode: { RATE_LIMITED: 1 }, sessions: 1 },
    ]);
  });
});

describe("store copy --to postgres", () => {
  it("copies the sites' knowledge", async () => {
    const dataDir = await tempDir();
    const databaseUrl = await createDatabase(inject("postgresAdminUrl"));
    const file = join(dataDir, "hours.md");
    await writeFile(file, "# Opening hours\n\nThe shop opens at nine.\n");
    expect((await cli({ DATA_DIR: dataDir }, ["knowledge", "add", "default", "--file", file])).code).toBe(0);
    const copied = await cli({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl }, ["store", "copy", "--to", "postgres", "--json"]);
    expect(JSON.parse(copied.stdout)).toMatchObject({ knowledge: 1 });
    const listed = await cli({ DATABASE_URL: databaseUrl }, ["knowledge", "list", "default", "--json"]);
    expect(JSON.parse(listed.stdout)).toMatchObject({ sources: [{ id: "k1", kind: "file", location: file, pages: 1 }] });
  });


  it("copies sites, keys, usage and live conversations into an empty database, and adds nothing when run again", async () => {
    const dataDir = await tempDir();
    const databaseUrl = await createDatabase(inject("postgresAdminUrl"));
    const { site, apiKey } = JSON.parse((await cli({ DATA_DIR: dataDir }, ["sites", "add", "--name", "Shop", "--json"])).stdout) as {
      site: { id: string };
      apiKey: string;
    };
    const clock = createManualClock("2030-01-15T11:00:00.000Z");
    const files = await openLowdbStore({ dataDir, clock });
    const history = createHistory({ store: files, clock, sessionTtlMs: 24 * 3_600_000 });
    await history.append("live", "user", "Is the kettle in stock?");
    await history.append("live", "assistant", "Yes.");
    clock.set("2030-01-13T11:00:00.000Z");
    await history.append("expired", "user", "Old question");
    clock.set("2030-01-15T11:00:00.000Z");
    const ledger = createUsageLedger({ clock, store: files.usage });
    ledger.accepted(site.id, "live", { promptTokens: 40, completionTokens: 2 });
    await ledger.flush();
    await files.close();

    const env = { DATA_DIR: dataDir, DATABASE_URL: databaseUrl };
    const first = await cli(env, ["store", "copy", "--to", "postgres", "--json"]);
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(first.stdout)).toEqual({ sites: 1, threads: 1, skippedThreads: 0, usageDays: 1, knowledge: 0 });
    const again = await cli(env, ["store", "copy", "--to", "postgres", "--json"]);
    expect(JSON.parse(again.stdout)).toEqual({ sites: 0, threads: 0, skippedThreads: 1, usageDays: 0, knowledge: 0 });

    const postgres = await openPostgresStore({ url: databaseUrl, clock, housekeepingMs: 0 });
    try {
      expect((await postgres.readThread("live"))?.messages.map((message) => message.content)).toEqual(["Is the kettle in stock?", "Yes."]);
      expect(await postgres.readThread("expired")).toBeUndefined();
      expect((await postgres.sites.read())?.sites.map((stored) => stored.id)).toEqual([site.id]);
      expect((await postgres.usage.read())?.days["2030-01-15"]?.[site.id]).toMatchObject({ messages: 1, promptTokens: 40, sessions: 1 });
    } finally {
      await postgres.close();
    }
    // The key still authenticates: only its hash moved, as it was.
    const shown = JSON.parse((await cli({ DATABASE_URL: databaseUrl }, ["sites", "show", site.id, "--json"])).stdout) as { site: { id: string } };
    expect(shown.site.id).toBe(site.id);
    expect(apiKey).toMatch(/^cwk_/);
  });

  it("says what is missing without DATABASE_URL", async () => {
    const run = await cli({ DATA_DIR: await tempDir() }, ["store", "copy", "--to", "postgres"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^store copy: set DATABASE_URL/);
  });
});

describe("admin CLI without its database", () => {
  it("prints one line naming DATABASE_URL, never its value, and exits 1", async () => {
    const run = await cli({ DATABASE_URL: "postgres://chat:hunter2@127.0.0.1:1/chat" }, ["sites", "list"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^DATABASE_URL: cannot use the database \(ECONNREFUSED\); start it, or correct the URL\.$/m);
    expect(run.stderr).not.toContain("hunter2");
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
  });
});
