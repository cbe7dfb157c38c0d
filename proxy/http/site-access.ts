// Which site a request speaks for. `X-API-Key` authenticates as a site (a backend: no origin
// check, no per-IP limits); otherwise `X-Site-Id` names it, and no header at all means the
// environment's `default` site. The outcome is kept per response: the origin check needs the
// site's origins even when the request is then refused (so the widget can read why).
import type { RequestHandler, Response } from "express";
import { ApiError, InvalidApiKeyError, SiteDisabledError, UnknownSiteError } from "../errors.js";
import { apiKeyMatches, isWellFormedApiKey } from "../sites/api-key.js";
import type { SiteRegistry } from "../sites/registry.js";
import { DEFAULT_SITE_ID, type Site } from "../sites/site.js";
import { noteForLog } from "./request-log.js";

export interface SiteAccess {
  site: Site;
  /** Authenticated with the site's server key. */
  keyed: boolean;
}

// `site` is also kept for a disabled site's refusal, so its usage counts the refused request.
const outcomes = new WeakMap<Response, { access?: SiteAccess; refusal?: ApiError; site?: Site }>();

export function identifySite(registry: SiteRegistry): RequestHandler {
  return (req, res, next) => {
    try {
      const access = identify(registry, req.get("x-site-id"), req.get("x-api-key"));
      noteForLog(res, { siteId: access.site.id, keyed: access.keyed });
      outcomes.set(res, access.site.enabled ? { access, site: access.site } : { refusal: new SiteDisabledError(), site: access.site });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      outcomes.set(res, { refusal: error });
    }
    next();
  };
}

/** After the origin check: a request for an unknown or disabled site, or with a bad key, stops here. */
export const requireSite: RequestHandler = (_req, res, next) => {
  next(outcomes.get(res)?.refusal);
};

/** The identified site; undefined when identification failed (or was not run). */
export function identifiedSite(res: Response): SiteAccess | undefined {
  return outcomes.get(res)?.access;
}

/** The site a request named, disabled ones included: whose usage a refusal counts in. */
export function namedSite(res: Response): Site | undefined {
  return outcomes.get(res)?.site;
}

export function siteAccess(res: Response): SiteAccess {
  const access = outcomes.get(res)?.access;
  if (!access) throw new Error("siteAccess() called on a request without an identified site");
  return access;
}

function identify(registry: SiteRegistry, siteId: string | undefined, key: string | undefined): SiteAccess {
  if (key !== undefined) {
    if (!isWellFormedApiKey(key)) throw new InvalidApiKeyError();
    const site = siteId === undefined ? registry.findByKey(key) : registry.find(siteId);
    if (siteId !== undefined && !site) throw new UnknownSiteError();
    if (!site?.apiKeyHash || !apiKeyMatches(key, site.apiKeyHash)) throw new InvalidApiKeyError();
    return { site, keyed: true };
  }
  const site = registry.find(siteId ?? DEFAULT_SITE_ID);
  if (!site) throw new UnknownSiteError();
  return { site, keyed: false };
}
