import { describe, expect, it } from "vitest";
import { errorFromResponse, parseRetryAfter } from "../../widget/src/errors/from-response";
import { RateLimitedError } from "../../widget/src/errors/rate-limited-error";
import { SiteUnavailableError } from "../../widget/src/errors/site-unavailable-error";

const NOW = Date.parse("2026-01-01T12:00:00Z");

describe("errorFromResponse", () => {
  it("uses details.resetAt when a 429 lost its Retry-After", () => {
    const error = errorFromResponse(
      429,
      new Headers(),
      { error: "Quota", code: "DAILY_QUOTA_EXCEEDED", details: { scope: "visitor", resetAt: "2026-01-02T00:00:00Z" } },
      NOW,
    );
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ retryAfter: 12 * 3600, limit: "visitor" });
  });

  it("waits a minute when a 429 says nothing about when", () => {
    expect(errorFromResponse(429, new Headers(), { code: "RATE_LIMITED" }, NOW)).toMatchObject({ retryAfter: 60, limit: "minute" });
  });

  it.each([
    [403, "SITE_DISABLED", "The chat is unavailable on this site right now."],
    [404, "UNKNOWN_SITE", "This chat is not set up for this site."],
  ])("maps %i %s to a SiteUnavailableError with the proxy's sentence", (status, code, text) => {
    const error = errorFromResponse(status, new Headers(), { error: text, code }, NOW);
    expect(error).toBeInstanceOf(SiteUnavailableError);
    expect(error).toMatchObject({ message: text, code, status });
  });

  it("leaves other refusals (403 CREDITS_EXHAUSTED, 404 NOT_FOUND) as plain API errors", () => {
    expect(errorFromResponse(403, new Headers(), { error: "Spent", code: "CREDITS_EXHAUSTED" }, NOW)).not.toBeInstanceOf(SiteUnavailableError);
    expect(errorFromResponse(404, new Headers(), { error: "Nope", code: "NOT_FOUND" }, NOW)).not.toBeInstanceOf(SiteUnavailableError);
  });
});

describe("parseRetryAfter", () => {
  it("reads delay-seconds and HTTP dates", () => {
    expect(parseRetryAfter("42", NOW)).toBe(42);
    expect(parseRetryAfter("Thu, 01 Jan 2026 12:01:30 GMT", NOW)).toBe(90);
    expect(parseRetryAfter("soon", NOW)).toBeNull();
    expect(parseRetryAfter(null, NOW)).toBeNull();
  });
});
