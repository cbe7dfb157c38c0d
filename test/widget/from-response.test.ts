import { describe, expect, it } from "vitest";
import { errorFromResponse, parseRetryAfter } from "../../widget/src/errors/from-response";
import { RateLimitedError } from "../../widget/src/errors/rate-limited-error";

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
});

describe("parseRetryAfter", () => {
  it("reads delay-seconds and HTTP dates", () => {
    expect(parseRetryAfter("42", NOW)).toBe(42);
    expect(parseRetryAfter("Thu, 01 Jan 2026 12:01:30 GMT", NOW)).toBe(90);
    expect(parseRetryAfter("soon", NOW)).toBeNull();
    expect(parseRetryAfter(null, NOW)).toBeNull();
  });
});
