// The proxy as server.ts runs it (parseConfig, the lowdb store, the daily quota, createApp, one
// JSON log line per request), in its own process, for the suites that read its CPU time or RSS.
// Every limit is set out of reach: these suites measure cost, not refusals.
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { createApp } from "../../proxy/app.js";
import { systemClock } from "../../proxy/clock.js";
import { parseConfig } from "../../proxy/config.js";
import { createGroqProvider } from "../../proxy/llm/groq.js";
import { createOfflineProvider } from "../../proxy/llm/offline.js";
import { openLowdbStore } from "../../proxy/lowdb-store.js";
import { createDailyQuota } from "../../proxy/quota.js";
import { answerParent, childOptions } from "../lib/child.js";

export interface ProxyProcessOptions {
  dataDir: string;
  /** The Groq double's URL; none: the offline provider answers. */
  groqBaseUrl?: string;
}

const UNLIMITED = String(Number.MAX_SAFE_INTEGER);
const { dataDir, groqBaseUrl } = childOptions<ProxyProcessOptions>();
const config = parseConfig({
  DATA_DIR: dataDir,
  DAILY_QUOTA: UNLIMITED,
  VISITOR_DAILY_QUOTA: UNLIMITED,
  RATE_LIMIT_PER_MINUTE: UNLIMITED,
  ...(groqBaseUrl !== undefined && { GROQ_API_KEY: "gsk_bench_key", GROQ_BASE_URL: groqBaseUrl }),
});
const store = await openLowdbStore({ dataDir: config.dataDir });
const quota = createDailyQuota({ store, clock: systemClock, siteLimit: config.dailyQuota, visitorLimit: config.visitorDailyQuota });
await quota.load();
const llm =
  config.groqApiKey === undefined
    ? createOfflineProvider({ wordDelayMs: 0 })
    : createGroqProvider({ apiKey: config.groqApiKey, baseURL: config.groqBaseUrl, timeoutMs: config.upstreamTimeoutMs });
const server = createApp({ config, store, llm, clock: systemClock, quota }).listen(0, "127.0.0.1");
await once(server, "listening");
answerParent(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
