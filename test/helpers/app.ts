// The proxy as route tests see it: createApp with a test Config, the in-memory store, a manual
// clock, a captured logger, the sites a test brings (sites.json in a temp DATA_DIR) and (unless a
// test brings its own provider) the real Groq provider pointed at the Groq double, listening on an
// ephemeral port. The model catalog is read from the double's listing when a test brings one;
// otherwise it is never listed and CHAT_MODEL's ids are taken on trust.
import { once } from "node:events";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createApp } from "../../proxy/app.js";
import type { Config } from "../../proxy/config.js";
import { createKnowledgeGrounder } from "../../proxy/knowledge/knowledge.js";
import { openKnowledgeFiles } from "../../proxy/store/files/knowledge-files.js";
import type { SafeFetchOptions } from "../../proxy/knowledge/safe-fetch.js";
import { createGroqProvider, type GroqProviderOptions } from "../../proxy/llm/groq.js";
import { createOpenAiCompatibleProvider } from "../../proxy/llm/openai-compatible.js";
import type { LlmProvider } from "../../proxy/llm/provider.js";
import { createJsonLogger } from "../../proxy/log.js";
import type { ModelCatalog } from "../../proxy/llm/catalog.js";
import { createProxyCatalog } from "../../proxy/llm/provider-choice.js";
import { createDailyQuota, type DailyQuota } from "../../proxy/quota.js";
import { openSiteRegistry, type SiteRegistry } from "../../proxy/sites/registry.js";
import { openSitesFile } from "../../proxy/store/files/sites-file.js";
import type { StoredSite } from "../../proxy/sites/site.js";
import { createUsageLedger, type UsageLedger } from "../../proxy/usage/usage-ledger.js";
import { startGroqDouble, type GroqDouble, type ListedEntry } from "./groq-double.js";
import { createManualClock, type ManualClock } from "./manual-clock.js";
import { createMemoryStore, type MemoryStore } from "./memory-store.js";

export const TEST_GROQ_KEY = "gsk_route_tests_secret_0123456789";

export interface TestAppOptions {
  config?: Partial<Config>;
  /** Replaces the Groq provider (e.g. the offline one). */
  llm?: LlmProvider;
  /** "openai-compatible": the `openai` package against the double's `/v1` (as LLM_BASE_URL would). */
  upstream?: "groq" | "openai-compatible";
  groq?: Partial<GroqProviderOptions>;
  pingIntervalMs?: number;
  /** Written to sites.json in a fresh DATA_DIR and served (refresh() by hand: no polling). */
  sites?: StoredSite[];
  /** The double serves this listing (true: its default, Groq's of today) and the catalog reads it before the app starts. */
  listing?: readonly (ListedEntry | string)[] | true;
  /** A DATA_DIR of the test's own (kept after close), e.g. one the admin CLI wrote knowledge to. */
  dataDir?: string;
  /** Page reading for grounding; the default resolver resolves no name, so no test reaches DNS. */
  pageFetch?: SafeFetchOptions;
}

export interface TestApp {
  url: string;
  config: Config;
  groq: GroqDouble;
  store: MemoryStore;
  clock: ManualClock;
  quota: DailyQuota;
  sites: SiteRegistry;
  usage: UsageLedger;
  catalog: ModelCatalog;
  /** Holds sites.json when the test brought sites, and the sites' knowledge. */
  dataDir: string;
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
    chatModel: { ids: ["llama-3.3-70b-versatile"], auto: false },
    llmBaseUrl: undefined,
    llmApiKey: undefined,
    modelContextTokens: 8192,
    systemPrompt: "You are the test assistant.",
    dataDir: "unused-by-the-memory-store",
    databaseUrl: undefined,
    allowedOrigins: undefined,
    rateLimitPerMinute: 1000,
    dailyQuota: 1000,
    visitorDailyQuota: 1000,
    sessionTtlMs: 24 * 3600_000,
    trustProxy: 0,
    masterKey: undefined,
    adminToken: undefined,
    upstreamTimeoutMs: 2000,
    widgetDir: "unused-outside-startTestApp",
    demoDir: "unused-outside-startTestApp",
    adminPageDir: fileURLToPath(new URL("../../proxy/admin/page/", import.meta.url)),
    ...overrides,
  };
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const groq = await startGroqDouble();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "proxy-sites-"));
  if (options.sites) writeFileSync(join(dataDir, "sites.json"), JSON.stringify({ sites: options.sites }));
  const fixtures = writeFixtures();
  const config = testConfig({ groqBaseUrl: groq.url, widgetDir: fixtures.widgetDir, demoDir: fixtures.demoDir, ...options.config });
  const sites = await openSiteRegistry({ config, store: openSitesFile(dataDir), pollIntervalMs: 0 });
  const store = createMemoryStore();
  const clock = createManualClock();
  const quota = createDailyQuota({ store, clock, siteLimit: config.dailyQuota, visitorLimit: config.visitorDailyQuota });
  await quota.load();
  const usage = createUsageLedger({ clock, store: store.usage });
  const llm =
    options.llm ??
    (options.upstream === "openai-compatible"
      ? createOpenAiCompatibleProvider({ apiKey: undefined, baseURL: `${groq.url}/v1`, timeoutMs: config.upstreamTimeoutMs, retryDelaysMs: [0, 0] })
      : createGroqProvider({
          apiKey: TEST_GROQ_KEY,
          baseURL: groq.url,
          timeoutMs: config.upstreamTimeoutMs,
          retryDelaysMs: [0, 0],
          ...options.groq,
        }));
  const catalog = createProxyCatalog(config, llm, clock);
  if (options.listing) {
    if (options.listing !== true) groq.serve(options.listing);
    await catalog.refresh();
  }
  const logs: string[] = [];
  const logger = createJsonLogger((line) => logs.push(line));
  const app = createApp({
    catalog,
    config,
    store,
    llm,
    clock,
    quota,
    sites,
    usage,
    providerWithKey: (apiKey) => createGroqProvider({ apiKey, baseURL: groq.url, timeoutMs: config.upstreamTimeoutMs, retryDelaysMs: [0, 0] }),
    logger,
    grounder: createKnowledgeGrounder({
      // The admin CLI writes the sites' knowledge to DATA_DIR, as with the files store.
      store: openKnowledgeFiles(dataDir),
      demoDir: fixtures.demoDir,
      clock,
      logger,
      fetch: { resolve: async () => [], timeoutMs: 1000, ...options.pageFetch },
    }),
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
    sites,
    usage,
    catalog,
    dataDir,
    logs,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await groq.close();
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
      rmSync(fixtures.root, { recursive: true, force: true });
    },
  };
}

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
  return { root, widgetDir, demoDir };
}
