import { ApiError } from "./api-error";

/**
 * The proxy does not serve this site: disabled (403 SITE_DISABLED) or unknown (404 UNKNOWN_SITE).
 * Unlike other refusals, trying again cannot help until the site owner acts.
 */
export class SiteUnavailableError extends ApiError {
  override name = "SiteUnavailableError";
}
