import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../../proxy/admin/run-cli.js";
import { openKnowledgeFiles } from "../../../proxy/store/files/knowledge-files.js";
import { startForbiddenServer, startKnowledgeSite, TOPICS, topicPage, type ForbiddenServer, type KnowledgeSite } from "../../helpers/knowledge-site.js";
import { useTempDirs } from "../../helpers/temp-dir.js";

let site: KnowledgeSite;
let forbidden: ForbiddenServer;
const tempDir = useTempDirs("knowledge-cli-");

beforeAll(async () => {
  forbidden = await startForbiddenServer();
  site = await startKnowledgeSite(forbidden.origin);
});
afterAll(async () => {
  expect(forbidden.connections()).toBe(0);
  await site.close();
  await forbidden.close();
});

async function cli(dataDir: string, argv: string[], options: { tty?: boolean; env?: NodeJS.ProcessEnv } = {}) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    dataDir,
    env: options.env ?? { ALLOWED_ORIGINS: site.origin },
    now: new Date("2030-01-15T12:00:00.000Z"),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: options.tty ?? false },
    fetch: { timeoutMs: 300 },
  });
  return { code, stdout, stderr };
}

describe("npm run admin -- knowledge", () => {
  it("add --sitemap reads the site's pages and reports each page it skipped and why", async () => {
    const dataDir = await tempDir();
    const run = await cli(dataDir, ["knowledge", "add", "default", "--sitemap", site.url("/sitemap.xml")]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Added k1 to site default: sitemap ${site.url("/sitemap.xml")}`);
    expect(run.stdout).toContain(`${TOPICS.length} pages read`);
    expect(run.stdout).toContain(`${site.url("/huge.html")}  larger than 1 MiB`);
    expect(run.stdout).toContain(`${site.url("/hang.html")}  no complete answer within 0.3 s`);
    expect(run.stdout).toContain(`${site.url("/away")}  not on the site's origins`);
    expect(run.stdout).toContain(`${site.url("/data.json")}  is application/json, not HTML`);
    expect(run.stdout).toContain(`${forbidden.origin}/internal.html  not on the site's origins`);
    const stored = await openKnowledgeFiles(dataDir).read("default");
    expect(stored.pages.map((page) => page.url).sort()).toEqual(TOPICS.map((topic) => site.url(topic.path)).sort());
    expect(forbidden.connections()).toBe(0);
  });

  it("shows a progress bar on a terminal's stderr, and nothing on a pipe", async () => {
    const tty = await cli(await tempDir(), ["knowledge", "add", "default", "--sitemap", site.url("/sitemap.xml")], { tty: true });
    const total = TOPICS.length + 5;
    expect(tty.stderr).toContain(`\r${site.url("/sitemap.xml")} [------------------------] 0/${total}`);
    expect(tty.stderr).toContain(`[########################] ${total}/${total}\n`);
    const pipe = await cli(await tempDir(), ["knowledge", "add", "default", "--url", site.url("/pricing.html")]);
    expect(pipe.stderr).toBe("");
  });

  it("list shows the sources; remove forgets one by id or location", async () => {
    const dataDir = await tempDir();
    await cli(dataDir, ["knowledge", "add", "default", "--url", site.url("/pricing.html")]);
    await cli(dataDir, ["knowledge", "add", "default", "--url", site.url("/returns.html")]);
    const list = await cli(dataDir, ["knowledge", "list", "default"]);
    expect(list.stdout).toMatch(/SOURCE\s+KIND\s+PAGES\s+REFRESHED\s+LOCATION/);
    expect(list.stdout).toMatch(new RegExp(`k1\\s+url\\s+1\\s+2030-01-15T12:00:00.000Z\\s+${site.url("/pricing.html")}`));
    expect((await cli(dataDir, ["knowledge", "remove", "default", "k1"])).stdout).toContain("Removed k1");
    expect((await cli(dataDir, ["knowledge", "remove", "default", site.url("/returns.html")])).stdout).toContain("Removed k2");
    expect((await openKnowledgeFiles(dataDir).read("default")).pages).toEqual([]);
    expect((await cli(dataDir, ["knowledge", "remove", "default", "k9"])).code).toBe(1);
  });

  it("refresh reads again only the pages that changed (ETag)", async () => {
    const dataDir = await tempDir();
    await cli(dataDir, ["knowledge", "add", "default", "--sitemap", site.url("/sitemap.xml")]);
    const careers = TOPICS.find((topic) => topic.path === "/careers.html")!;
    site.setPage(careers.path, topicPage({ ...careers, text: "We are hiring a tea sommelier." }));
    const before = site.requests.length;
    const run = await cli(dataDir, ["knowledge", "refresh", "default"]);
    expect(run.stdout).toContain(`k1 ${site.url("/sitemap.xml")}: 1 read again, ${TOPICS.length - 1} unchanged.`);
    const revalidated = site.requests.slice(before).filter((request) => request.path === "/specs.html");
    expect(revalidated.map((request) => request.headers["if-none-match"])).toEqual([expect.stringMatching(/^"/)]);
    const pages = (await openKnowledgeFiles(dataDir).read("default")).pages;
    expect(JSON.stringify(pages.find((page) => page.url === site.url("/careers.html")))).toContain("tea sommelier");
    expect(pages).toHaveLength(TOPICS.length);
  });

  it("add --file reads a Markdown file, split on its headings", async () => {
    const dataDir = await tempDir();
    const file = join(dataDir, "faq.md");
    await writeFile(file, "# Store FAQ\n\n## Opening hours\n\nThe shop in Leeds opens **9 to 5**.\n\n## Gift cards\n\nGift cards never expire.\n");
    const run = await cli(dataDir, ["knowledge", "add", "default", "--file", file], { env: {} });
    expect(run.stdout).toContain("1 page read, 2 passages.");
    const [page] = (await openKnowledgeFiles(dataDir).read("default")).pages;
    expect(page?.url).toBeUndefined();
    expect(page?.title).toBe("Store FAQ");
    expect(page?.blocks).toContainEqual({ kind: "text", text: "The shop in Leeds opens 9 to 5." });
  });

  it("refuses a --file for a site that does not exist, adding nothing", async () => {
    const dataDir = await tempDir();
    const file = join(dataDir, "faq.md");
    await writeFile(file, "# FAQ\n\nGift cards never expire.\n");
    const run = await cli(dataDir, ["knowledge", "add", "site_typo", "--file", file], { env: {} });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('No site "site_typo"');
    expect((await openKnowledgeFiles(dataDir).read("site_typo")).sources).toEqual([]);
  });

  it("refuses to crawl for a site without origins, and names what to set", async () => {
    const run = await cli(await tempDir(), ["knowledge", "add", "default", "--url", site.url("/pricing.html")], { env: {} });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Site default has no origins");
    expect(run.stderr).toContain("ALLOWED_ORIGINS");
  });

  it("adds nothing when a URL is off the site's origins", async () => {
    const dataDir = await tempDir();
    const run = await cli(dataDir, ["knowledge", "add", "default", "--url", `${forbidden.origin}/internal.html`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("not on the site's origins");
    expect((await openKnowledgeFiles(dataDir).read("default")).sources).toEqual([]);
  });

  it("needs exactly one of --sitemap, --url and --file", async () => {
    const run = await cli(await tempDir(), ["knowledge", "add", "default", "--url", site.url("/"), "--file", "x.md"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("give one of --sitemap URL, --url URL or --file PATH");
  });
});
