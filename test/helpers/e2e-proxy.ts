// The proxy wired as server.ts wires it (startProxy: the lowdb store in a temp DATA_DIR, the sites
// of its sites.json, usage in usage.json; the Groq provider through groq-sdk) on an ephemeral
// port, talking to the Groq test double, or to nothing in offline mode. It serves the built
// widget from dist/widget (`npm test` builds first) and demo/.
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { systemClock } from "../../proxy/clock.js";
import { parseConfig } from "../../proxy/config.js";
import { openCatalog } from "../../proxy/llm/catalog-start.js";
import { createGroqProvider } from "../../proxy/llm/groq.js";
import { createOfflineProvider } from "../../proxy/llm/offline.js";
import { createJsonLogger } from "../../proxy/log.js";
import type { StoredSite } from "../../proxy/sites/site.js";
import { startProxy } from "../../proxy/start-proxy.js";
import { startGroqDouble, type GroqDouble } from "./groq-double.js";

export interface E2eProxyOptions {
  /** Environment variables as site owners set them, e.g. `{ RATE_LIMIT_PER_MINUTE: "2" }`. */
  env?: Record<string, string>;
  /** No GROQ_API_KEY: the offline provider answers, as on a fresh clone. */
  offline?: boolean;
  /** Written to DATA_DIR/sites.json before start, as the admin CLI would. */
  sites?: StoredSite[];
}

export interface E2eProxy {
  /** e.g. `http://127.0.0.1:41234`. */
  origin: string;
  /** The Groq double behind the proxy (throws in offline mode, where there is none). */
  groq: GroqDouble;
  /** The proxy's log lines, for diagnosing a failing test. */
  logLines: string[];
  close(): Promise<void>;
}

export async function startE2eProxy(options: E2eProxyOptions = {}): Promise<E2eProxy> {
  const { widgetDir } = parseConfig({});
  if (!existsSync(join(widgetDir, "widget.js"))) {
    throw new Error(`${widgetDir}/widget.js is missing: run \`npm run build\` (npm test does) before the e2e suite`);
  }
  const groq = options.offline ? undefined : await startGroqDouble();
  const dataDir = await mkdtemp(join(tmpdir(), "chat-widget-e2e-"));
  const config = parseConfig({
    DATA_DIR: dataDir,
    ...(groq ? { GROQ_API_KEY: "gsk_e2e_test_key", GROQ_BASE_URL: groq.url } : {}),
    ...options.env,
    PORT: "0",
    HOST: "127.0.0.1",
  });
  if (options.sites) await writeFile(join(dataDir, "sites.json"), JSON.stringify({ sites: options.sites }));
  const llm = groq
    ? createGroqProvider({
        apiKey: config.groqApiKey!,
        baseURL: config.groqBaseUrl,
        timeoutMs: config.upstreamTimeoutMs,
        // The provider's retries still happen, without their real back-off pauses.
        retryDelaysMs: [0, 0],
      })
    : createOfflineProvider({ wordDelayMs: 0 });
  const logLines: string[] = [];
  const logger = createJsonLogger((line) => logLines.push(line));
  const models = await openCatalog(config, llm, { clock: systemClock, logger });
  const { server, port, store, quota, sites, usage, stopUsageRefresh } = await startProxy(config, { llm, catalog: models.catalog, clock: systemClock, logger });
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    get groq() {
      if (!groq) throw new Error("this proxy runs the offline provider: there is no Groq double");
      return groq;
    },
    logLines,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await groq?.close();
      await quota.flush();
      await usage.flush();
      stopUsageRefresh();
      sites.stop();
      models.stop();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
