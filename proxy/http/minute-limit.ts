// The per-minute limit per client IP and site, at the site's own limit (express-rate-limit, fixed
// one-minute window). Keyed calls (a backend speaking for many visitors) are not counted, and so
// carry no RateLimit headers.
//
// It counts first, right after the site is identified, so every /api/chat answer (a 400, or an
// origin or site refusal, too) carries RateLimit headers; a request naming no usable site is
// counted at the default site's limit. Its refusal is only raised by `enforce`, after validation,
// so a malformed request is told what is wrong with it. Every answer with status >= 400 gives its
// count back: a refused request costs nothing (a reply the model gave but the store could not
// keep was not refused: it keeps it). (Not skipFailedRequests: that also gives the count back
// when the visitor disconnects mid-reply, which would let a client read partial replies without
// ever being counted.)
import type { Request, RequestHandler, Response } from "express";
import { rateLimit } from "express-rate-limit";
import type { Clock } from "../clock.js";
import type { Store as ChatStore } from "../store/store.js";
import { createVisitorKeys } from "../visitor-key.js";
import { QuotaExceededError } from "../errors.js";
import { clientKey } from "./client-key.js";
import type { SiteRegistry } from "../sites/registry.js";
import { DEFAULT_SITE_ID, type Site } from "../sites/site.js";
import { createMinuteWindowStore } from "./minute-window-store.js";
import { identifiedSite } from "./site-access.js";
import { wasSpent } from "./spent-answer.js";

export interface MinuteLimit {
  count: RequestHandler;
  /** Throws the minute limit's QuotaExceededError when this request was over it. */
  enforce(res: Response): void;
}

const WINDOW_MS = 60_000;

export function createMinuteLimit(sites: SiteRegistry, clock: Clock, chatStore: ChatStore): MinuteLimit {
  const store = createMinuteWindowStore(chatStore.minuteWindows, clock, WINDOW_MS, chatStore.kind === "postgres");
  const visitorKeys = createVisitorKeys(chatStore.installSecret);
  // Every registry holds the default site (the environment's), so find() cannot miss it.
  const limitedSite = (res: Response): Site => identifiedSite(res)?.site ?? sites.find(DEFAULT_SITE_ID)!;
  const refusals = new WeakMap<Response, QuotaExceededError>();
  const limiter = rateLimit({
    windowMs: WINDOW_MS,
    limit: (_req, res) => limitedSite(res).rateLimitPerMinute,
    skip: (_req, res) => identifiedSite(res)?.keyed ?? false,
    store,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    keyGenerator: (req, res) => `${limitedSite(res).id}:${visitorKeys(clientKey(req), clock.now())}`,
    handler: (req, res, next) => {
      const now = clock.now();
      const resetTime = rateInfo(req)?.resetTime ?? new Date(now.getTime() + WINDOW_MS);
      refusals.set(res, new QuotaExceededError("minute", limitedSite(res).rateLimitPerMinute, resetTime, now));
      next();
    },
    // X-Forwarded-For is ignored on purpose unless TRUST_PROXY says otherwise; no warning needed.
    validate: { xForwardedForHeader: false },
  });

  return {
    count: (req, res, next) => {
      res.once("finish", () => {
        const info = rateInfo(req);
        if (res.statusCode >= 400 && !wasSpent(res) && info?.resetTime && info.resetTime.getTime() > clock.now().getTime()) {
          void Promise.resolve(store.decrement(info.key)).catch(() => undefined);
        }
      });
      // A store that cannot count rejects: Express 5 passes that to the error handler (503).
      return limiter(req, res, next);
    },
    enforce(res) {
      const refusal = refusals.get(res);
      if (refusal) throw refusal;
    },
  };
}

function rateInfo(req: Request) {
  return (req as Request & { rateLimit?: { key: string; resetTime: Date | undefined } }).rateLimit;
}
