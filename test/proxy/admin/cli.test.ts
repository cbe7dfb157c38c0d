import { execFile } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../../proxy/admin/run-cli.js";
import { acquireDataDirLock } from "../../../proxy/store/files/data-dir-lock.js";
import { openUsageFile } from "../../../proxy/store/files/usage-file.js";
import { createUsageLedger } from "../../../proxy/usage/usage-ledger.js";
import { startTestApp, type TestApp } from "../../helpers/app.js";
import { errorBody, postChat } from "../../helpers/chat-client.js";
import { createManualClock } from "../../helpers/manual-clock.js";
import { TEST_MASTER_KEY } from "../../helpers/sites.js";
import { useTempDirs } from "../../helpers/temp-dir.js";

const tempDir = useTempDirs("admin-cli-");
const root = fileURLToPath(new URL("../../../", import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(dataDir: string, argv: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    dataDir,
    env,
    now: new Date("2030-01-15T12:00:00.000Z"),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

async function addShop(dataDir: string, ...extra: string[]): Promise<{ id: string; apiKey: string }> {
  const run = await cli(dataDir, ["sites", "add", "--name", "shop", "--origin", "https://shop.example", ...extra, "--json"]);
  expect(run).toMatchObject({ code: 0, stderr: "" });
  const { site, apiKey } = JSON.parse(run.stdout) as { site: { id: string }; apiKey: string };
  return { id: site.id, apiKey };
}

const sitesOnDisk = async (dataDir: string) => readFile(join(dataDir, "sites.json"), "utf8");

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe("admin CLI: sites", () => {
  it("sites add creates a site, prints its id and key once, and stores only the key's hash", async () => {
    const dataDir = await tempDir();
    const run = await cli(dataDir, ["sites", "add", "--name", "shop", "--origin", "https://shop.example", "--model", "llama-3.3-70b-versatile"]);
    expect(run.code).toBe(0);
    const key = /Server key \(shown once, store it now\): (cwk_[0-9A-Za-z]{40})/.exec(run.stdout)?.[1];
    expect(key).toBeDefined();
    expect(run.stdout).toMatch(/id\s+site_[0-9A-Za-z]{12}/);
    for (const name of await readdir(dataDir)) {
      if (name.endsWith(".json")) expect(await readFile(join(dataDir, name), "utf8")).not.toContain(key!.slice(4));
    }
    const stored = JSON.parse(await sitesOnDisk(dataDir)) as { sites: Record<string, unknown>[] };
    expect(stored.sites[0]).toMatchObject({ name: "shop", enabled: true, allowedOrigins: ["https://shop.example"], model: "llama-3.3-70b-versatile" });
    expect(stored.sites[0]!.apiKeyHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("sites list and show print readable tables and --json, never the key hash", async () => {
    const dataDir = await tempDir();
    expect((await cli(dataDir, ["sites", "list"])).stdout).toContain("No sites yet");
    const { id } = await addShop(dataDir, "--daily-quota", "20");
    const table = (await cli(dataDir, ["sites", "list"])).stdout.split("\n");
    expect(table[0]).toMatch(/^ID\s+NAME\s+STATUS\s+MODEL\s+ORIGINS\s+DAILY QUOTA\s+TOKEN BUDGET$/);
    expect(table[1]).toMatch(new RegExp(`^${id}\\s+shop\\s+enabled\\s+\\(environment\\)\\s+https://shop.example\\s+20\\s+none$`));
    const listedJson = (await cli(dataDir, ["sites", "list", "--json"])).stdout;
    const listed = JSON.parse(listedJson) as { sites: { id: string }[] };
    expect(listed.sites.map((site) => site.id)).toEqual([id]);
    const shown = await cli(dataDir, ["sites", "show", id]);
    expect(shown.stdout).toMatch(/daily quota\s+20/);
    expect(shown.stdout).toContain(`data-site="${id}"`);
    expect(shown.stdout + listedJson).not.toMatch(/apiKeyHash|[0-9a-f]{64}/);
  });

  it("sites set changes only the given settings; --origin replaces the list", async () => {
    const dataDir = await tempDir();
    const { id } = await addShop(dataDir);
    const run = await cli(dataDir, ["sites", "set", id, "--daily-quota", "2000", "--origin", "https://a.example", "--origin", "https://b.example/"]);
    expect(run.code).toBe(0);
    const site = (JSON.parse(await sitesOnDisk(dataDir)) as { sites: Record<string, unknown>[] }).sites[0]!;
    expect(site).toMatchObject({ name: "shop", dailyQuota: 2000, allowedOrigins: ["https://a.example", "https://b.example"] });
  });

  it("sites disable, enable, rotate-key and remove", async () => {
    const dataDir = await tempDir();
    const { id, apiKey } = await addShop(dataDir);
    expect((await cli(dataDir, ["sites", "disable", id])).stdout).toContain("disabled");
    expect(await sitesOnDisk(dataDir)).toContain('"enabled":false');
    await cli(dataDir, ["sites", "enable", id]);
    expect(await sitesOnDisk(dataDir)).toContain('"enabled":true');
    const before = await sitesOnDisk(dataDir);
    const rotated = JSON.parse((await cli(dataDir, ["sites", "rotate-key", id, "--json"])).stdout) as { apiKey: string };
    expect(rotated.apiKey).toMatch(/^cwk_[0-9A-Za-z]{40}$/);
    expect(rotated.apiKey).not.toBe(apiKey);
    expect(await sitesOnDisk(dataDir)).not.toBe(before);
    expect((await cli(dataDir, ["sites", "remove", id])).code).toBe(0);
    expect(JSON.parse(await sitesOnDisk(dataDir))).toEqual({ sites: [] });
  });

  it("stores a site's own Groq key encrypted, and refuses --groq-key without MASTER_KEY", async () => {
    const dataDir = await tempDir();
    const refused = await cli(dataDir, ["sites", "add", "--name", "own", "--groq-key", "gsk_plain_secret"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^--groq-key: needs MASTER_KEY/);
    const env = { MASTER_KEY: TEST_MASTER_KEY.toString("base64") };
    const added = await cli(dataDir, ["sites", "add", "--name", "own", "--groq-key", "gsk_plain_secret"], env);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain("yes (encrypted)");
    const disk = await sitesOnDisk(dataDir);
    expect(disk).not.toContain("gsk_plain_secret");
    expect(disk).toMatch(/"groqKey":"v1\./);
  });

  it.each([
    [["sites"], /say what to do/],
    [["sites", "frob"], /Unknown command "sites frob"/],
    [["bogus"], /Unknown command "bogus"/],
    [["sites", "add"], /--name is required/],
    [["sites", "add", "--name", "x", "--daily-quota", "0"], /^--daily-quota: "0" is not accepted/],
    [["sites", "add", "--name", "x", "--origin", "shop.example"], /^--origin: "shop.example" is not an origin/],
    [["sites", "add", "--name", "x", "--model", "auto,gpt-4"], /^--model: "auto" may only end the list/],
    [["sites", "add", "--name", "x", "--colour", "red"], /Unknown option '--colour'/],
    [["sites", "set", "ID"], /give at least one setting/],
    [["sites", "show"], /give exactly one site id/],
    [["sites", "list", "extra"], /unexpected "extra"/],
    [["usage", "default", "--days", "91"], /^--days: use a whole number from 1 to 90/],
  ])("refuses %j with a clear message and exit 2, writing nothing", async (argv, message) => {
    const dataDir = await tempDir();
    await addShop(dataDir);
    const before = await sitesOnDisk(dataDir);
    const run = await cli(dataDir, argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain("Usage: npm run admin");
    expect(run.stdout).toBe("");
    expect(await sitesOnDisk(dataDir)).toBe(before);
  });

  it("says which site is unknown and exits 1", async () => {
    const dataDir = await tempDir();
    for (const argv of [["sites", "show", "site_nope"], ["sites", "disable", "site_nope"], ["usage", "site_nope"]]) {
      const run = await cli(dataDir, argv);
      expect(run).toMatchObject({ code: 1, stdout: "" });
      expect(run.stderr).toContain('No site "site_nope"');
    }
  });

  it("waits for no one: a second admin command holding the sites lock is reported, nothing written", async () => {
    const dataDir = await tempDir();
    const { id } = await addShop(dataDir);
    const before = await sitesOnDisk(dataDir);
    const lock = await acquireDataDirLock(dataDir, ".sites.lock");
    const run = await cli(dataDir, ["sites", "disable", id]);
    await lock.release();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Another admin command is changing sites right now/);
    expect(await sitesOnDisk(dataDir)).toBe(before);
  });

  it("reports a corrupt sites.json with its path instead of overwriting it", async () => {
    const dataDir = await tempDir();
    await writeFile(join(dataDir, "sites.json"), "{ broken");
    const run = await cli(dataDir, ["sites", "add", "--name", "x"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(join(dataDir, "sites.json"));
    expect(await sitesOnDisk(dataDir)).toBe("{ broken");
  });
});

describe("admin CLI and the proxy's data", () => {
  it("a site disabled and a key rotated by the CLI apply to the running proxy", async () => {
    app = await startTestApp();
    const { id, apiKey } = await addShop(app.dataDir);
    await app.sites.refresh();
    expect((await postChat(app.url, { message: "hi", sessionId: "s" }, { "x-api-key": apiKey })).status).toBe(200);
    const rotated = JSON.parse((await cli(app.dataDir, ["sites", "rotate-key", id, "--json"])).stdout) as { apiKey: string };
    await app.sites.refresh();
    expect((await errorBody(await postChat(app.url, { message: "hi", sessionId: "s" }, { "x-api-key": apiKey }))).code).toBe("INVALID_API_KEY");
    expect((await postChat(app.url, { message: "hi", sessionId: "s" }, { "x-api-key": rotated.apiKey })).status).toBe(200);
    await cli(app.dataDir, ["sites", "disable", id]);
    await app.sites.refresh();
    expect((await errorBody(await postChat(app.url, { message: "hi", sessionId: "s" }, { "x-site-id": id }))).code).toBe("SITE_DISABLED");
  });

  it("usage ID prints the daily figures the proxy saved, as a table and as --json", async () => {
    const dataDir = await tempDir();
    const { id } = await addShop(dataDir);
    const ledger = createUsageLedger({ clock: createManualClock(), store: await openUsageFile(dataDir) });
    ledger.accepted(id, "s", { promptTokens: 12, completionTokens: 3 });
    ledger.refused(id, "RATE_LIMITED");
    await ledger.flush();
    const table = await cli(dataDir, ["usage", id, "--days", "2"]);
    expect(table.stdout.split("\n")[0]).toMatch(/^DATE\s+MESSAGES\s+PROMPT TOKENS\s+COMPLETION TOKENS\s+REFUSED\s+SESSIONS$/);
    expect(table.stdout).toMatch(/2030-01-15\s+1\s+12\s+3\s+1 \(RATE_LIMITED 1\)\s+1/);
    const json = JSON.parse((await cli(dataDir, ["usage", id, "--days", "1", "--json"])).stdout) as { siteId: string; days: unknown[] };
    expect(json).toMatchObject({ siteId: id, days: [{ date: "2030-01-15", messages: 1, promptTokens: 12, completionTokens: 3, refused: 1, sessions: 1 }] });
  });
});

describe("npm run admin", () => {
  it("runs the built CLI as a separate process", async () => {
    const dataDir = await tempDir();
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, [join(root, "scripts/admin.mjs"), "sites", "add", "--name", "spawned", "--json"], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir },
    });
    expect((JSON.parse(stdout) as { site: { name: string } }).site.name).toBe("spawned");
    const failed = await run(process.execPath, [join(root, "scripts/admin.mjs"), "sites", "show", "nope"], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toContain('No site "nope"');
  }, 60_000);
});
