import { ApiError } from "./api-error";

/**
 * The proxy does not serve this site: disabled (403 SITE_DISABLED) or unknown (404 UNKNOWN_SITE).
 * Unlike other refusals, trying again cannot help until the site owner acts.
 */
export class SiteUnavailableError extends ApiError {
  override name = "SiteUnavailableError";

  /** Which of the two, for the visitor's language to say (the proxy's sentence is English). */
  get reason(): SiteUnavailableReason {
    return this.code === "UNKNOWN_SITE" ? "UNKNOWN_SITE" : "SITE_DISABLED";
  }
}

export type SiteUnavailableReason = "SITE_DISABLED" | "UNKNOWN_SITE";
