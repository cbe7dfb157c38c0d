// createApp builds the whole HTTP surface from its dependencies; server.ts listens. The order
// of the middlewares is the order of the checks: a request refused early reaches nothing later.
import express, { type Express } from "express";
import { createChat } from "./chat.js";
import type { Clock } from "./clock.js";
import type { Config } from "./config.js";
import { createHistory } from "./history.js";
import { errorHandler, notFound } from "./http/errors.js";
import { createMinuteLimit } from "./http/minute-limit.js";
import { allowedOriginsFor, originCheck } from "./http/origin.js";
import { countRefusals } from "./http/refusal-count.js";
import { identifySite, requireSite } from "./http/site-access.js";
import type { Grounder } from "./knowledge/grounding.js";
import { createKnowledgeGrounder } from "./knowledge/knowledge.js";
import { requestLog } from "./http/request-log.js";
import { securityHeaders } from "./http/security-headers.js";
import { demoFiles, widgetFiles } from "./http/static-files.js";
import type { ModelCatalog } from "./llm/catalog.js";
import { createGroqProvider } from "./llm/groq.js";
import type { LlmProvider } from "./llm/provider.js";
import { createProxyCatalog } from "./llm/provider-choice.js";
import { recordRetirement } from "./llm/retirement-log.js";
import { createSiteModels } from "./llm/site-providers.js";
import { createJsonLogger, type Logger } from "./log.js";
import type { DailyQuota } from "./quota.js";
import { adminRoute } from "./routes/admin.js";
import { chatRoute } from "./routes/chat.js";
import { healthRoute } from "./routes/health.js";
import { historyRoute } from "./routes/history.js";
import { modelsRoute } from "./routes/models.js";
import { usageRoute } from "./routes/usage.js";
import { environmentSites, type SiteRegistry } from "./sites/registry.js";
import type { Store } from "./store/store.js";
import { createUsageLedger, type UsageLedger } from "./usage/usage-ledger.js";

export interface AppDeps {
  config: Config;
  store: Store;
  llm: LlmProvider;
  clock: Clock;
  /** Loaded by the caller (start-proxy.ts), which also flushes it on shutdown. */
  quota: DailyQuota;
  logger?: Logger;
  /** Default: the environment's single site. */
  sites?: SiteRegistry;
  /** Loaded by the caller, which also flushes it on shutdown. Default: kept in memory. */
  usage?: UsageLedger;
  /** The provider for a site with its own Groq key. Default: groq-sdk against GROQ_BASE_URL. */
  providerWithKey?: (apiKey: string) => LlmProvider;
  /** The models `llm` serves, kept fresh by the caller. Default: never listed (ids taken on trust). */
  catalog?: ModelCatalog;
  /** The site's passages for each message. Default: site knowledge from the store, pages read live, the demo's pages. */
  grounder?: Grounder;
  /** How often an open SSE stream gets a `: ping` comment (default 10 s). */
  pingIntervalMs?: number;
}

export function createApp(deps: AppDeps): Express {
  const { config, store, llm, clock, quota } = deps;
  const logger = deps.logger ?? createJsonLogger();
  const sites = deps.sites ?? environmentSites(config);
  const usage = deps.usage ?? createUsageLedger({ clock });
  const providerWithKey =
    deps.providerWithKey ?? ((apiKey) => createGroqProvider({ apiKey, baseURL: config.groqBaseUrl, timeoutMs: config.upstreamTimeoutMs }));
  const catalog =
    deps.catalog ?? createProxyCatalog(config, llm, clock);
  const siteModels = createSiteModels({ llm, catalog, withKey: providerWithKey, clock, defaultContextTokens: config.modelContextTokens });
  const history = createHistory({ store, clock, sessionTtlMs: config.sessionTtlMs });
  const grounder = deps.grounder ?? createKnowledgeGrounder({ store: store.knowledge, demoDir: config.demoDir, clock, logger });
  const chat = createChat({
    history,
    quota,
    usage,
    clock,
    llmFor: siteModels.llmFor,
    modelsFor: (site) => siteModels.catalogFor(site).candidates(...site.models),
    onModelRetired: (site, error) => recordRetirement(siteModels.catalogFor(site), logger, error),
    grounder,
  });

  const app = express();
  app.set("trust proxy", config.trustProxy);
  // A hash of every JSON answer for an ETag nobody revalidates (chat replies are POST answers);
  // static files keep theirs from express.static.
  app.set("etag", false);
  app.use(requestLog(logger));
  app.use(securityHeaders());
  app.use(widgetFiles(config.widgetDir));
  app.use("/api", identifySite(sites));
  app.use("/api/chat", countRefusals(usage));
  // Counted before the origin and site checks so their refusals carry RateLimit headers too
  // (refusals give their count back); preflights are not counted.
  const minuteLimit = createMinuteLimit(sites, clock, store);
  app.post("/api/chat", minuteLimit.count);
  app.use("/api", originCheck(allowedOriginsFor(sites)));
  app.use("/api", requireSite);
  app.use(chatRoute({ chat, minuteLimit, logger, pingIntervalMs: deps.pingIntervalMs ?? 10_000 }));
  app.use(historyRoute(history));
  app.use(usageRoute(usage));
  app.use(modelsRoute(siteModels));
  app.use(healthRoute({ store, provider: llm.name, catalog, chatModel: config.chatModel }));
  const models = { catalog, chatModel: config.chatModel, siteModels };
  app.use(adminRoute({ adminToken: config.adminToken, pageDir: config.adminPageDir, sites, usage, models }));
  app.use(demoFiles(config.demoDir));
  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}
