// GET /api/usage?days=30: the keyed site's daily usage, oldest day first.
import { Router } from "express";
import { InvalidRequestError, MissingApiKeyError } from "../errors.js";
import { siteAccess } from "../http/site-access.js";
import { USAGE_KEPT_DAYS, type UsageLedger } from "../usage/usage-ledger.js";

export function usageRoute(usage: UsageLedger): Router {
  const router = Router();
  router.get("/api/usage", (req, res) => {
    const { site, keyed } = siteAccess(res);
    if (!keyed) throw new MissingApiKeyError();
    const days = parseDays(req.query.days);
    res.json({
      siteId: site.id,
      days: usage.series(site.id, days).map(({ date, messages, promptTokens, completionTokens, refused, sessions }) => ({
        date,
        messages,
        promptTokens,
        completionTokens,
        refused,
        sessions,
      })),
    });
  });
  return router;
}

function parseDays(value: unknown): number {
  if (value === undefined) return 30;
  const days = typeof value === "string" && /^[0-9]{1,3}$/.test(value) ? Number(value) : Number.NaN;
  if (!(days >= 1 && days <= USAGE_KEPT_DAYS)) {
    throw new InvalidRequestError(`\`days\` must be a whole number from 1 to ${USAGE_KEPT_DAYS}.`, { field: "days" });
  }
  return days;
}
