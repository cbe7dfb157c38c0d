// Grounded answers through POST /api/chat: the visitor's page read on the site's origins only,
// the site's knowledge from DATA_DIR, the passages in the prompt within the budget, and `sources`
// in JSON and SSE. The forbidden server stands for every other host: it must see no connection.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../proxy/admin/run-cli.js";
import { groundingBudget } from "../../proxy/knowledge/grounding.js";
import { openKnowledgeFiles } from "../../proxy/store/files/knowledge-files.js";
import { saveKnowledge } from "../helpers/knowledge-document.js";
import { shippedModel } from "../../proxy/llm/model-info.js";
import { createOfflineProvider } from "../../proxy/llm/offline.js";
import { estimateTextTokens } from "../../proxy/prompt.js";
import { startTestApp, type TestAppOptions, type TestApp } from "../helpers/app.js";
import { postChat, sseEvents, streamChat } from "../helpers/chat-client.js";
import { startForbiddenServer, startKnowledgeSite, type ForbiddenServer, type KnowledgeSite } from "../helpers/knowledge-site.js";
import { useTempDirs } from "../helpers/temp-dir.js";

let site: KnowledgeSite;
let forbidden: ForbiddenServer;
let app: TestApp;
const tempDir = useTempDirs("grounding-");

beforeAll(async () => {
  forbidden = await startForbiddenServer();
  site = await startKnowledgeSite(forbidden.origin);
});
afterEach(() => app?.close());
afterAll(async () => {
  expect(forbidden.connections()).toBe(0);
  await site.close();
  await forbidden.close();
});

const start = (options: TestAppOptions = {}) =>
  startTestApp({ config: { allowedOrigins: [site.origin] }, pageFetch: { timeoutMs: 300 }, ...options });
const ask = (message: string, pageUrl?: string, sessionId = "s1") => ({ message, sessionId, context: pageUrl ? { pageUrl } : {} });
const systemText = (request = app.groq.requests.at(-1)!) =>
  request.body.messages.filter((message) => message.role === "system").map((message) => message.content).join("\n\n");
const pageRequests = (path: string) => site.requests.filter((request) => request.path === path).length;

async function addSitemap(dataDir: string) {
  let stderr = "";
  const code = await runCli(["knowledge", "add", "default", "--sitemap", site.url("/sitemap.xml")], {
    dataDir,
    env: { ALLOWED_ORIGINS: site.origin },
    stdout: { write: () => true },
    stderr: { write: (text: string) => (stderr += text) },
    fetch: { timeoutMs: 300 },
  });
  expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
}

describe("the visitor's page", () => {
  it("is read on the site's origins and given to the model with its title and URL; the JSON reply lists it in sources", async () => {
    app = await start();
    const response = await postChat(app.url, ask("Do you deliver to Canada?", site.url("/shipping.html")));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { sources?: unknown };
    expect(body.sources).toEqual([{ title: "Shipping – Acme Kettle", url: site.url("/shipping.html") }]);
    const prompt = systemText();
    expect(prompt).toContain("Answer from them");
    expect(prompt).toContain("say that the site does not say");
    expect(prompt).toContain(`[1] Shipping – Acme Kettle › Where we ship\nURL: ${site.url("/shipping.html")}`);
    expect(prompt).toContain("We deliver to the United States, Canada");
  });

  it("streams a sources event once, right before finish", async () => {
    app = await start();
    const text = await (await streamChat(app.url, ask("How long is the warranty?", site.url("/warranty.html")))).text();
    const events = sseEvents(text);
    expect(events.filter((event) => event.type === "sources")).toEqual([
      { type: "sources", sources: [{ title: "Warranty – Acme Kettle", url: site.url("/warranty.html") }] },
    ]);
    expect(events.at(-2)?.type).toBe("sources");
    expect(events.at(-1)?.type).toBe("finish");
  });

  it("is not read for a site without explicit origins (any page may embed it)", async () => {
    app = await start({ config: { allowedOrigins: undefined } });
    const before = pageRequests("/contact.html");
    const body = await (await postChat(app.url, ask("What is your phone number?", site.url("/contact.html")))).json();
    expect(body).not.toHaveProperty("sources");
    expect(pageRequests("/contact.html")).toBe(before);
  });

  it("is kept for ten minutes on the clock, then read again", async () => {
    app = await start();
    const before = pageRequests("/descaling.html");
    await postChat(app.url, ask("How do I remove limescale?", site.url("/descaling.html"), "a"));
    await postChat(app.url, ask("How often?", site.url("/descaling.html#steps"), "b"));
    expect(pageRequests("/descaling.html")).toBe(before + 1);
    app.clock.advance(10 * 60_000 + 1);
    await postChat(app.url, ask("How often?", site.url("/descaling.html"), "c"));
    expect(pageRequests("/descaling.html")).toBe(before + 2);
  });

  it("that hangs, is huge, is not HTML or redirects elsewhere costs the answer nothing but the page", async () => {
    app = await start();
    for (const path of ["/hang.html", "/huge.html", "/data.json", "/away"]) {
      const response = await postChat(app.url, ask("How much does the kettle cost?", site.url(path)));
      expect(response.status).toBe(200);
      expect(await response.json()).not.toHaveProperty("sources");
    }
    expect(app.logs.filter((line) => line.includes("page not read for grounding")).length).toBe(4);
  });

  it("is never fetched from another host, whatever the pageUrl says", async () => {
    app = await start();
    const port = new URL(forbidden.origin).port;
    const sitePort = new URL(site.origin).port;
    const tricks = [
      `${forbidden.origin}/internal.html`,
      `http://user:pw@127.0.0.1:${sitePort}/pricing.html`,
      `http://2130706433:${port}/`,
      `http://0x7f.1:${port}/`,
      `http://0177.0.0.1:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      `http://localhost:${port}/`,
      `http://127.0.0.1:${sitePort}@127.0.0.1:${port}/`,
      site.url("/away"),
    ];
    for (const pageUrl of tricks) {
      const response = await postChat(app.url, ask("What is the secret?", pageUrl));
      expect(response.status).toBe(200);
    }
    expect(forbidden.connections()).toBe(0);
    expect(systemText()).not.toContain("secret admin panel");
  });

  it("is not fetched when the site's host name resolves to a loopback or private address", async () => {
    const host = `shop.test:${new URL(forbidden.origin).port}`;
    for (const address of ["127.0.0.1", "10.0.0.8"]) {
      app = await start({
        config: { allowedOrigins: [`http://${host}`] },
        pageFetch: { timeoutMs: 300, resolve: async (name) => (name === "shop.test" ? [{ address, family: 4 }] : []) },
      });
      const response = await postChat(app.url, ask("What is the secret?", `http://${host}/internal.html`));
      expect(response.status).toBe(200);
      expect(await response.json()).not.toHaveProperty("sources");
      expect(app.logs.join("\n")).toContain(`its host name resolves to ${address}`);
      await app.close();
    }
    app = await start();
    expect(forbidden.connections()).toBe(0);
  });

  it("tells the model to say so when nothing on the site matches", async () => {
    app = await start();
    const body = await (await postChat(app.url, ask("Explain quantum chromodynamics", site.url("/pricing.html")))).json();
    expect(body).not.toHaveProperty("sources");
    expect(systemText()).toContain("Nothing on this website matches the visitor's question");
  });
});

describe("the site's knowledge", () => {
  it("answers from other pages of the site, with them as sources", async () => {
    const dataDir = await tempDir();
    await addSitemap(dataDir);
    app = await start({ dataDir });
    const body = (await (await postChat(app.url, ask("Are you hiring engineers?", site.url("/")))).json()) as { sources: { url: string }[] };
    expect(body.sources[0]?.url).toBe(site.url("/careers.html"));
    expect(systemText()).toContain("We are hiring firmware engineers");
  });

  it("survives a restart without crawling again", async () => {
    const dataDir = await tempDir();
    await addSitemap(dataDir);
    const first = await start({ dataDir });
    await first.close();
    const crawled = site.requests.length;
    app = await start({ dataDir });
    const body = (await (await postChat(app.url, ask("Can I cancel my tea subscription?"))).json()) as { sources: { url: string }[] };
    expect(body.sources[0]?.url).toBe(site.url("/tea-club.html"));
    expect(site.requests.length).toBe(crawled);
  });

  it("reaches a running proxy within seconds of the CLI's change", async () => {
    const dataDir = await tempDir();
    app = await start({ dataDir });
    expect(await (await postChat(app.url, ask("How do I pair the app with my phone?", undefined, "a"))).json()).not.toHaveProperty("sources");
    await addSitemap(dataDir);
    app.clock.advance(1000);
    const body = (await (await postChat(app.url, ask("How do I pair the app with my phone?", undefined, "b"))).json()) as { sources: { url: string }[] };
    expect(body.sources[0]?.url).toBe(site.url("/app.html"));
  });

  it("keeps answering, with the last good index, when the stored knowledge stops reading", async () => {
    const dataDir = await tempDir();
    await addSitemap(dataDir);
    app = await start({ dataDir });
    await postChat(app.url, ask("Are you hiring engineers?", undefined, "a"));
    await writeFile(join(dataDir, "knowledge", "default.json"), "{ not json");
    app.clock.advance(1000);
    const response = await postChat(app.url, ask("Are you hiring engineers?", undefined, "b"));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { sources: { url: string }[] }).sources[0]?.url).toBe(site.url("/careers.html"));
  });

  it("uses the previous question for a follow-up", async () => {
    const dataDir = await tempDir();
    await addSitemap(dataDir);
    app = await start({ dataDir });
    await postChat(app.url, ask("Do you deliver to Canada?"));
    const body = (await (await postChat(app.url, ask("And how long does it take?"))).json()) as { sources: { url: string }[] };
    expect(body.sources[0]?.url).toBe(site.url("/shipping.html"));
  });

  it("never grows the prompt past the budget, however big the site", async () => {
    const dataDir = await tempDir();
    const pages = Array.from({ length: 2000 }, (_, n) => ({
      sourceId: "k1",
      url: `${site.origin}/kettle-${n}.html`,
      title: `Kettle model ${n}`,
      blocks: [{ kind: "text" as const, text: `The kettle model ${n} costs $${100 + n} and heats water for tea. ${"Steel kettle, warm tea. ".repeat(30)}` }],
    }));
    await saveKnowledge(openKnowledgeFiles(dataDir), "default", { sources: [{ id: "k1", kind: "sitemap", location: "x", addedAt: "", refreshedAt: "" }], pages });
    app = await start({ dataDir });
    await postChat(app.url, ask("How much does the steel kettle for tea cost?"));
    const { body } = app.groq.requests.at(-1)!;
    const grounding = body.messages.find((message) => message.content.startsWith("Passages from this website"))!;
    expect(grounding.content).toContain("[1] Kettle model");
    expect(estimateTextTokens(grounding.content)).toBeLessThanOrEqual(groundingBudget(shippedModel(body.model)!));
  });
});

describe("the offline provider", () => {
  it("quotes the best passage and links its page", async () => {
    app = await start({ llm: createOfflineProvider({ wordDelayMs: 0 }) });
    const body = (await (await postChat(app.url, ask("Do you deliver to Canada?", site.url("/shipping.html")))).json()) as { reply: string };
    expect(body.reply).toContain("> We deliver to the United States, Canada");
    expect(body.reply).toContain(`[Shipping – Acme Kettle › Where we ship](${site.url("/shipping.html")})`);
  });
});
