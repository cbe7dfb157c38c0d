// The proxy as route tests see it: createApp with a test Config, the in-memory store, a manual
// clock, a captured logger and (unless a test brings its own provider) the real Groq provider
// pointed at the Groq double, listening on an ephemeral port.
import { once } from "node:events";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../proxy/app.js";
import type { Config } from "../../proxy/config.js";
import { createGroqProvider, type GroqProviderOptions } from "../../proxy/llm/groq.js";
import type { LlmProvider } from "../../proxy/llm/provider.js";
import { createJsonLogger } from "../../proxy/log.js";
import { findModel } from "../../proxy/models.js";
import { createDailyQuota, type DailyQuota } from "../../proxy/quota.js";
import { startGroqDouble, type GroqDouble } from "./groq-double.js";
import { createManualClock, type ManualClock } from "./manual-clock.js";
import { createMemoryStore, type MemoryStore } from "./memory-store.js";

export const TEST_GROQ_KEY = "gsk_route_tests_secret_0123456789";

export interface TestAppOptions {
  config?: Partial<Config>;
  /** Replaces the Groq provider (e.g. the offline one). */
  llm?: LlmProvider;
  groq?: Partial<GroqProviderOptions>;
  pingIntervalMs?: number;
}

export interface TestApp {
  url: string;
  config: Config;
  groq: GroqDouble;
  store: MemoryStore;
  clock: ManualClock;
  quota: DailyQuota;
  /** Every log line the app wrote. */
  logs: string[];
  close(): Promise<void>;
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: "127.0.0.1",
    groqApiKey: TEST_GROQ_KEY,
    groqBaseUrl: undefined,
    model: findModel("llama-3.3-70b-versatile")!,
    systemPrompt: "You are the test assistant.",
    dataDir: "unused-by-the-memory-store",
    allowedOrigins: undefined,
    rateLimitPerMinute: 1000,
    dailyQuota: 1000,
    visitorDailyQuota: 1000,
    sessionTtlMs: 24 * 3600_000,
    trustProxy: 0,
    upstreamTimeoutMs: 2000,
    widgetDir: (fixtures ??= writeFixtures()).widgetDir,
    demoDir: fixtures.demoDir,
    ...overrides,
  };
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const groq = await startGroqDouble();
  const config = testConfig({ groqBaseUrl: groq.url, ...options.config });
  const store = createMemoryStore();
  const clock = createManualClock();
  const quota = createDailyQuota({ store, clock, siteLimit: config.dailyQuota, visitorLimit: config.visitorDailyQuota });
  await quota.load();
  const llm =
    options.llm ??
    createGroqProvider({
      apiKey: TEST_GROQ_KEY,
      baseURL: groq.url,
      timeoutMs: config.upstreamTimeoutMs,
      retryDelaysMs: [0, 0],
      ...options.groq,
    });
  const logs: string[] = [];
  const app = createApp({
    config,
    store,
    llm,
    clock,
    quota,
    logger: createJsonLogger((line) => logs.push(line)),
    ...(options.pingIntervalMs !== undefined && { pingIntervalMs: options.pingIntervalMs }),
  });
  const server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    config,
    groq,
    store,
    clock,
    quota,
    logs,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await groq.close();
    },
  };
}

let fixtures: { widgetDir: string; demoDir: string } | undefined;

/** A built widget as vite lays it out (widget.js plus hashed lazy chunks) and a demo page. */
function writeFixtures() {
  const root = mkdtempSync(join(tmpdir(), "proxy-test-"));
  const widgetDir = join(root, "widget");
  const demoDir = join(root, "demo");
  mkdirSync(join(widgetDir, "chunks"), { recursive: true });
  mkdirSync(demoDir);
  writeFileSync(join(widgetDir, "widget.js"), "console.log('widget');\n");
  writeFileSync(join(widgetDir, "chunks", "markdown-Bx7a9k2Q.js"), "export const markdown = 1;\n");
  writeFileSync(join(demoDir, "index.html"), "<!doctype html><title>Demo</title><script src=/widget.js async></script>\n");
  return { widgetDir, demoDir };
}
