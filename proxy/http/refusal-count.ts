// Counts refused chat requests in the site's usage, by code, once the answer has gone out.
// Requests whose site could not be identified (unknown site, bad key) belong to no site; a
// disabled site's refusals count in its usage.
import type { RequestHandler } from "express";
import type { UsageLedger } from "../usage/usage-ledger.js";
import { failureCodeOf } from "./errors.js";
import { namedSite } from "./site-access.js";
import { wasSpent } from "./spent-answer.js";

export function countRefusals(usage: UsageLedger): RequestHandler {
  return (req, res, next) => {
    if (req.method === "POST") {
      res.once("finish", () => {
        const site = namedSite(res);
        const code = failureCodeOf(res);
        if (site && code && res.statusCode >= 400 && !wasSpent(res)) usage.refused(site.id, code);
      });
    }
    next();
  };
}
