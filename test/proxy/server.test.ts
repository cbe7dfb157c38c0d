// proxy/server.ts as `npm start` runs it: a real process, a temporary DATA_DIR, signals.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sealSecret } from "../../proxy/sites/secret-box.js";
import { startGroqDouble, type GroqDouble } from "../helpers/groq-double.js";
import { testSite, TEST_MASTER_KEY } from "../helpers/sites.js";

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "proxy/server.ts"], {
    env: { PATH: process.env.PATH, PORT: "0", DATA_DIR: mkdtempSync(join(tmpdir(), "server-test-")), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  return { child, nextLine: async () => (await lines.next()).value as string, stderr: () => stderr };
}

describe("server.ts", () => {
  it("starts offline without GROQ_API_KEY, says so with its URL, serves, and exits 0 on SIGTERM", async () => {
    const server = startServer({});
    const startup = JSON.parse(await server.nextLine()) as { message: string; url: string };
    expect(startup.message).toContain("offline");
    expect(startup.message).toContain(startup.url);
    const reply = await fetch(`${startup.url}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ message: "Hi", sessionId: "s1" }),
    });
    expect(((await reply.json()) as { reply: string }).reply).toContain("offline demo");
    server.child.kill("SIGTERM");
    const [code] = await once(server.child, "exit");
    expect(code).toBe(0);
  });

  it("lets a running stream finish after SIGTERM, then exits 0", async () => {
    const server = startServer({});
    const { url } = JSON.parse(await server.nextLine()) as { url: string };
    const response = await fetch(`${url}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ message: "Hi", sessionId: "s1" }),
    });
    const reader = response.body!.getReader();
    let text = new TextDecoder().decode((await reader.read()).value);
    server.child.kill("SIGTERM");
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += new TextDecoder().decode(chunk.value);
    expect(text).toContain('"type":"finish"');
    expect((await once(server.child, "exit"))[0]).toBe(0);
    // The offline reply streams word by word for a couple of seconds, on a shared CI machine.
  }, 20_000);

  it("stops with one line naming the variable when the configuration is bad", async () => {
    const server = startServer({ DAILY_QUOTA: "zero" });
    const [code] = await once(server.child, "exit");
    expect(code).toBe(1);
    expect(server.stderr().trim().split("\n")).toHaveLength(1);
    expect(server.stderr()).toContain("DAILY_QUOTA");
  });

  it("exits 0 on SIGINT with the conversation on disk", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "server-test-"));
    const server = startServer({ DATA_DIR: dataDir });
    const { url } = JSON.parse(await server.nextLine()) as { url: string };
    await fetch(`${url}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ message: "Hi", sessionId: "s1" }),
    });
    server.child.kill("SIGINT");
    expect((await once(server.child, "exit"))[0]).toBe(0);
    expect(readdirSync(join(dataDir, "sessions"), { recursive: true }).some((file) => String(file).endsWith(".jsonl"))).toBe(true);
  });

  it("refuses to start without MASTER_KEY when a site has its own Groq key, in one line", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "server-test-"));
    const { stored } = testSite({ groqKey: sealSecret("gsk_own", TEST_MASTER_KEY) });
    writeFileSync(join(dataDir, "sites.json"), JSON.stringify({ sites: [stored] }));
    const server = startServer({ DATA_DIR: dataDir });
    const [code] = await once(server.child, "exit");
    expect(code).toBe(1);
    expect(server.stderr().trim().split("\n")).toHaveLength(1);
    expect(server.stderr()).toMatch(/^MASTER_KEY: required to read the Groq key of site site_/);
  });

  it("serves a site from sites.json and saves its usage on shutdown", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "server-test-"));
    const shop = testSite();
    writeFileSync(join(dataDir, "sites.json"), JSON.stringify({ sites: [shop.stored] }));
    const server = startServer({ DATA_DIR: dataDir });
    const { url, sites } = JSON.parse(await server.nextLine()) as { url: string; sites: number };
    // The environment's default site and the shop.
    expect(sites).toBe(2);
    const reply = await fetch(`${url}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json", ...shop.backend },
      body: JSON.stringify({ message: "Hi", sessionId: "s1" }),
    });
    expect(reply.status).toBe(200);
    server.child.kill("SIGTERM");
    expect((await once(server.child, "exit"))[0]).toBe(0);
    const usage = JSON.parse(readFileSync(join(dataDir, "usage.json"), "utf8")) as { days: Record<string, Record<string, { messages: number }>> };
    expect(Object.values(usage.days)[0]![shop.stored.id]!.messages).toBe(1);
  });

  describe("with a provider key", () => {
    const KEY = "gsk_server_test_secret";
    let groq: GroqDouble;
    beforeAll(async () => {
      groq = await startGroqDouble();
    });
    afterAll(() => groq.close());

    async function logLine(server: ReturnType<typeof startServer>, matching: string) {
      for (;;) {
        const line = JSON.parse(await server.nextLine()) as { message: string; level: string; model?: string; fallbacks?: string };
        if (line.message.includes(matching)) return line;
      }
    }

    it("starts with auto on Groq's listing of today, naming the model that answers and its fallbacks", async () => {
      const server = startServer({ GROQ_API_KEY: KEY, GROQ_BASE_URL: groq.url });
      const startup = await logLine(server, "listening");
      expect(startup.message).toContain("answering with openai/gpt-oss-120b (fallbacks: openai/gpt-oss-20b, qwen/qwen3-32b, moonshotai/kimi-k2-instruct-0905)");
      expect(startup).toMatchObject({ model: "openai/gpt-oss-120b" });
    });

    it("stops with one line naming the ids and what is served when CHAT_MODEL lists only retired models", async () => {
      const server = startServer({ GROQ_API_KEY: KEY, GROQ_BASE_URL: groq.url, CHAT_MODEL: "llama-3.3-70b-versatile" });
      expect((await once(server.child, "exit"))[0]).toBe(1);
      expect(server.stderr().trim().split("\n")).toHaveLength(1);
      expect(server.stderr()).toMatch(/^CHAT_MODEL: llama-3.3-70b-versatile is not served by the provider; it serves: openai\/gpt-oss-120b, /);
    });

    it("starts on the configured list when the provider cannot be reached, and says so once", async () => {
      const server = startServer({ GROQ_API_KEY: KEY, GROQ_BASE_URL: "http://127.0.0.1:9", CHAT_MODEL: "qwen/qwen3-32b,auto" });
      const warning = await logLine(server, "cannot be read");
      expect(warning.level).toBe("warn");
      const startup = await logLine(server, "listening");
      expect(startup.message).toContain("answering with qwen/qwen3-32b");
    });

    it("stops with one line naming GROQ_API_KEY, never the key, when the provider refuses it", async () => {
      const refusing = await startGroqDouble();
      refusing.refuseKey();
      const server = startServer({ GROQ_API_KEY: KEY, GROQ_BASE_URL: refusing.url });
      expect((await once(server.child, "exit"))[0]).toBe(1);
      await refusing.close();
      expect(server.stderr().trim().split("\n")).toHaveLength(1);
      expect(server.stderr()).toMatch(/^GROQ_API_KEY: was refused by the provider/);
      expect(server.stderr()).not.toContain(KEY);
    });
  });
});
