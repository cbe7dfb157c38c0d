// The per-minute limit per client IP and site, at the site's own limit (express-rate-limit, fixed
// one-minute window). Keyed calls (a backend speaking for many visitors) are not counted.
//
// It counts first, so every /api/chat answer (a 400 too) carries RateLimit headers, but its
// refusal is only raised by `enforce`, after validation, so a malformed request is told what is
// wrong with it. Every answer with status >= 400 gives its count back: a refused request costs
// nothing (a reply the model gave but the store could not keep was not refused: it keeps it). (Not skipFailedRequests: that also gives the count back when the visitor disconnects
// mid-reply, which would let a client read partial replies without ever being counted.)
import type { Request, RequestHandler, Response } from "express";
import { MemoryStore, rateLimit } from "express-rate-limit";
import { QuotaExceededError } from "../errors.js";
import { clientKey } from "./client-key.js";
import { siteAccess } from "./site-access.js";
import { wasSpent } from "./spent-answer.js";

export interface MinuteLimit {
  count: RequestHandler;
  /** Throws the minute limit's QuotaExceededError when this request was over it. */
  enforce(res: Response): void;
}

export function createMinuteLimit(): MinuteLimit {
  const store = new MemoryStore();
  const refusals = new WeakMap<Response, QuotaExceededError>();
  const limiter = rateLimit({
    windowMs: 60_000,
    limit: (_req, res) => siteAccess(res).site.rateLimitPerMinute,
    skip: (_req, res) => siteAccess(res).keyed,
    store,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    keyGenerator: (req, res) => `${siteAccess(res).site.id}:${clientKey(req)}`,
    handler: (req, res, next) => {
      const resetTime = rateInfo(req)?.resetTime ?? new Date(Date.now() + 60_000);
      refusals.set(res, new QuotaExceededError("minute", siteAccess(res).site.rateLimitPerMinute, resetTime, new Date()));
      next();
    },
    // X-Forwarded-For is ignored on purpose unless TRUST_PROXY says otherwise; no warning needed.
    validate: { xForwardedForHeader: false },
  });

  return {
    count: (req, res, next) => {
      res.once("finish", () => {
        const info = rateInfo(req);
        if (res.statusCode >= 400 && !wasSpent(res) && info?.resetTime && info.resetTime.getTime() > Date.now()) {
          void store.decrement(info.key);
        }
      });
      void limiter(req, res, next);
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
