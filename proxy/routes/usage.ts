// GET /api/usage?days=30: the keyed site's daily usage, oldest day first.
import { Router } from "express";
import { InvalidRequestError, MissingApiKeyError } from "../errors.js";
import { siteAccess } from "../http/site-access.js";
import { parseUsageDays, USAGE_KEPT_DAYS, type UsageLedger } from "../usage/usage-ledger.js";

export function usageRoute(usage: UsageLedger): Router {
  const router = Router();
  router.get("/api/usage", (req, res) => {
    const { site, keyed } = siteAccess(res);
    if (!keyed) throw new MissingApiKeyError();
    const days = parseUsageDays(req.query.days);
    if (days === undefined) {
      throw new InvalidRequestError(`\`days\` must be a whole number from 1 to ${USAGE_KEPT_DAYS}.`, { field: "days" });
    }
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
