import { ApiError } from "./errors/api-error";
import { NetworkError } from "./errors/network-error";
import { ProviderError } from "./errors/provider-error";
import { RateLimitedError, type LimitScope } from "./errors/rate-limited-error";

/** What went wrong, in the terms the visitor is told about. */
export type ChatProblem =
  | { kind: "rate-limited"; limit: LimitScope }
  | { kind: "offline" }
  | { kind: "reconnected" }
  | { kind: "unreachable" }
  | { kind: "interrupted" }
  | { kind: "provider"; busy: boolean }
  | { kind: "unavailable" }
  | { kind: "too-long" }
  | { kind: "unknown" }
  | { kind: "refused"; message: string };

export interface Diagnosis {
  problem: ChatProblem;
  /** Seconds the proxy asked us to wait, when it said. */
  waitSeconds: number;
}

export function diagnose(error: unknown): Diagnosis {
  if (error instanceof RateLimitedError) return { problem: { kind: "rate-limited", limit: error.limit }, waitSeconds: error.retryAfter };
  if (error instanceof ProviderError) {
    return { problem: { kind: "provider", busy: error.code === "PROVIDER_BUSY" }, waitSeconds: error.retryAfter ?? 0 };
  }
  if (error instanceof NetworkError) {
    const kind = error.offline ? "offline" : error.interrupted ? "interrupted" : "unreachable";
    return { problem: { kind }, waitSeconds: 0 };
  }
  if (error instanceof ApiError) {
    if (error.code === "STORE_UNAVAILABLE") return { problem: { kind: "unavailable" }, waitSeconds: 0 };
    if (error.code === "MESSAGE_TOO_LONG" || error.code === "PAYLOAD_TOO_LARGE") return { problem: { kind: "too-long" }, waitSeconds: 0 };
    return { problem: { kind: "refused", message: error.message }, waitSeconds: 0 };
  }
  return { problem: { kind: "unknown" }, waitSeconds: 0 };
}
