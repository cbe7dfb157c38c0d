// createApp builds the whole HTTP surface from its dependencies; server.ts listens. The order
// of the middlewares is the order of the checks: a request refused early reaches nothing later.
import express, { type Express } from "express";
import { createChat } from "./chat.js";
import type { Clock } from "./clock.js";
import type { Config } from "./config.js";
import { createHistory } from "./history.js";
import { errorHandler, notFound } from "./http/errors.js";
import { createMinuteLimit } from "./http/minute-limit.js";
import { originCheck } from "./http/origin.js";
import { requestLog } from "./http/request-log.js";
import { securityHeaders } from "./http/security-headers.js";
import { demoFiles, widgetFiles } from "./http/static-files.js";
import type { LlmProvider } from "./llm/provider.js";
import { createJsonLogger, type Logger } from "./log.js";
import type { DailyQuota } from "./quota.js";
import { chatRoute } from "./routes/chat.js";
import { healthRoute } from "./routes/health.js";
import { historyRoute } from "./routes/history.js";
import { modelsRoute } from "./routes/models.js";
import type { Store } from "./store.js";

export interface AppDeps {
  config: Config;
  store: Store;
  llm: LlmProvider;
  clock: Clock;
  /** Loaded by the caller (server.ts), which also flushes it on shutdown. */
  quota: DailyQuota;
  logger?: Logger;
  /** How often an open SSE stream gets a `: ping` comment (default 10 s). */
  pingIntervalMs?: number;
}

export function createApp(deps: AppDeps): Express {
  const { config, store, llm, clock, quota } = deps;
  const logger = deps.logger ?? createJsonLogger();
  const history = createHistory({ store, clock, sessionTtlMs: config.sessionTtlMs });
  const chat = createChat({ model: config.model, systemPrompt: config.systemPrompt, history, quota, llm });

  const app = express();
  app.set("trust proxy", config.trustProxy);
  app.use(requestLog(logger));
  app.use(securityHeaders());
  app.use(widgetFiles(config.widgetDir));
  app.use("/api", originCheck(config.allowedOrigins));
  app.use(
    chatRoute({ chat, minuteLimit: createMinuteLimit(config.rateLimitPerMinute), logger, pingIntervalMs: deps.pingIntervalMs ?? 10_000 }),
  );
  app.use(historyRoute(history));
  app.use(modelsRoute(config.model));
  app.use(healthRoute(store, llm.name));
  app.use(demoFiles(config.demoDir));
  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}
