// Which browser pages may call /api/*. Requests without an Origin header are server-side
// callers and pass (quotas still apply). A refused origin, preflight included, gets 403 and no
// CORS headers, so the browser also blocks the page from reading the answer.
import type { Request, RequestHandler, Response } from "express";
import { ApiError } from "../errors.js";
import type { SiteRegistry } from "../sites/registry.js";
import { identifiedSite, namedSite } from "./site-access.js";

const ALLOWED_HEADERS = "Content-Type, Accept, X-Site-Id, X-API-Key";
const EXPOSED_HEADERS = "Retry-After, RateLimit, RateLimit-Policy, X-Request-Id";

/** `allowedOrigins` answers per request (each site has its own); undefined allows any origin. */
export function originCheck(allowedOrigins: (method: string, res: Response) => readonly string[] | undefined): RequestHandler {
  return (req, res, next) => {
    const origin = req.get("origin");
    if (origin === undefined) return next();
    const allowed = allowedOrigins(req.method, res);
    if (allowed && !allowed.includes(origin) && !isSameOrigin(req, origin)) {
      return next(new ApiError(403, "ORIGIN_NOT_ALLOWED", "This site is not allowed to use this chat."));
    }
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.append("Vary", "Origin");
    if (req.method !== "OPTIONS") {
      res.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
      return next();
    }
    res.setHeader("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
    res.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
    res.setHeader("Access-Control-Max-Age", "600");
    res.status(204).end();
  };
}

// Browsers send Origin on same-origin POSTs too: the demo pages served by the proxy itself must
// keep working when ALLOWED_ORIGINS lists only the customer's sites.
function isSameOrigin(req: Request, origin: string): boolean {
  return origin === `${req.protocol}://${req.get("host")}`;
}

/**
 * The origins the origin check applies: the site's own, a disabled one's included (its pages must
 * be able to read SITE_DISABLED, or the widget could only say "unreachable"); none for a keyed
 * call (any origin); and for a preflight (which carries no custom headers) or a request naming no
 * known site, those of every site.
 */
export function allowedOriginsFor(registry: SiteRegistry) {
  return (method: string, res: Response): readonly string[] | undefined => {
    const access = identifiedSite(res);
    if (method !== "OPTIONS" && access) return access.keyed ? undefined : access.site.allowedOrigins;
    const named = namedSite(res);
    if (method !== "OPTIONS" && named) return named.allowedOrigins;
    const lists = registry.all().map((site) => site.allowedOrigins);
    return lists.some((list) => list === undefined) ? undefined : lists.flatMap((list) => list ?? []);
  };
}
