// Several proxy processes on one PostgreSQL, as `npm start` runs them with one DATABASE_URL.
import { MIGRATIONS } from "../../../../proxy/store/postgres/migrations.js";
import { describe, expect, it } from "vitest";
import pg from "pg";
import { inject } from "vitest";
import { runCli } from "../../../../proxy/admin/run-cli.js";
import { errorBody, postChat } from "../../../helpers/chat-client.js";
import { createDatabase } from "../../../helpers/postgres.js";
import { useProxyProcesses } from "../../../helpers/proxy-process.js";

const startProxy = useProxyProcesses();
const limits = { VISITOR_DAILY_QUOTA: "1000", RATE_LIMIT_PER_MINUTE: "1000", TRUST_PROXY: "1" };

async function cli(databaseUrl: string, argv: string[]): Promise<string> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    env: { DATABASE_URL: databaseUrl },
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  if (code !== 0) throw new Error(`admin ${argv.join(" ")} exited ${code}: ${stderr}`);
  return stdout;
}

/** Asks until `ready` says yes; a proxy promises to apply a CLI change within 5 s. */
async function eventually(check: () => Promise<boolean>, deadlineMs = 10_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("the change did not arrive");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("several proxy processes on one PostgreSQL", () => {
  it("start together on an empty database: the schema is migrated once, both serve", async () => {
    const url = await createDatabase(inject("postgresAdminUrl"));
    const [a, b] = await Promise.all([startProxy({ DATABASE_URL: url }), startProxy({ DATABASE_URL: url })]);
    for (const proxy of [a, b]) expect((await fetch(`${proxy.url}/health/ready`)).status).toBe(200);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query("SELECT version FROM chat_schema_migrations ORDER BY version");
    await client.end();
    // Each migration applied exactly once.
    expect(rows).toEqual(MIGRATIONS.map(({ version }) => ({ version })));
  });

  it("share the site's daily quota exactly: 50 concurrent requests over both, 10 left, 10 pass", async () => {
    const url = await createDatabase(inject("postgresAdminUrl"));
    const [a, b] = await Promise.all([startProxy({ DATABASE_URL: url, DAILY_QUOTA: "10", ...limits }), startProxy({ DATABASE_URL: url, DAILY_QUOTA: "10", ...limits })]);
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        postChat(i % 2 === 0 ? a.url : b.url, { message: `Question ${i}`, sessionId: `s${i}` }, { "x-forwarded-for": `198.51.100.${i}` }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(40);
    const refused = responses.find((response) => response.status === 429)!;
    expect((await errorBody(refused)).details).toMatchObject({ scope: "site", limit: 10 });

    // No visitor address at rest: counters and windows hold keyed hashes only.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ key: string }>(
      "SELECT key FROM chat_quota_counts WHERE scope = 'visitor' UNION ALL SELECT key FROM chat_minute_windows",
    );
    await client.end();
    expect(rows.length).toBeGreaterThanOrEqual(50);
    expect(rows.filter((row) => row.key.includes("198.51.100"))).toEqual([]);
  });

  it("share conversations: a thread started on one proxy goes on and reads back on the other", async () => {
    const url = await createDatabase(inject("postgresAdminUrl"));
    const [a, b] = await Promise.all([startProxy({ DATABASE_URL: url, ...limits }), startProxy({ DATABASE_URL: url, ...limits })]);
    expect((await postChat(a.url, { message: "First", sessionId: "shared" })).status).toBe(200);
    expect((await postChat(b.url, { message: "Second", sessionId: "shared" })).status).toBe(200);
    const history = (await (await fetch(`${a.url}/api/history?sessionId=shared`)).json()) as { messages: { role: string; content: string }[] };
    expect(history.messages.filter((message) => message.role === "user").map((message) => message.content)).toEqual(["First", "Second"]);
  });

  it("both apply a site the CLI adds, then disables, without a restart", async () => {
    const url = await createDatabase(inject("postgresAdminUrl"));
    const proxies = await Promise.all([startProxy({ DATABASE_URL: url, ...limits }), startProxy({ DATABASE_URL: url, ...limits })]);
    const { site } = JSON.parse(await cli(url, ["sites", "add", "--name", "Shop", "--json"])) as { site: { id: string } };
    const statusOn = async (proxyUrl: string) => (await postChat(proxyUrl, { message: "Hi", sessionId: "s" }, { "x-site-id": site.id })).status;
    for (const proxy of proxies) await eventually(async () => (await statusOn(proxy.url)) === 200);
    await cli(url, ["sites", "disable", site.id]);
    for (const proxy of proxies) await eventually(async () => (await statusOn(proxy.url)) === 403);
    const list = await cli(url, ["sites", "list"]);
    expect(list).toContain(site.id);
  });
});
