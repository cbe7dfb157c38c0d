// Time limits on one upstream call. Every limit aborts the same signal with a ProviderError for
// people as its reason, so after a failure the caller can tell "we gave up waiting" (the reason)
// from "the visitor left" (the caller's own signal) from an upstream error.
import { ProviderError } from "../errors.js";

export interface CallLimits {
  /** Aborted when the caller's signal aborts or any limit runs out. */
  readonly signal: AbortSignal;
  /** Starts the named limit, or restarts it if it is already running. */
  arm(name: string, ms: number, message: string): void;
  /** The error of the limit that ran out, if one did. */
  expired(): ProviderError | undefined;
  dispose(): void;
}

export function createCallLimits(callerSignal: AbortSignal): CallLimits {
  const controller = new AbortController();
  const timers = new Map<string, NodeJS.Timeout>();
  const signal = AbortSignal.any([callerSignal, controller.signal]);
  return {
    signal,
    arm(name, ms, message) {
      clearTimeout(timers.get(name));
      timers.set(name, setTimeout(() => controller.abort(new ProviderError(message)), ms));
    },
    expired: () => (controller.signal.aborted ? (controller.signal.reason as ProviderError) : undefined),
    dispose() {
      for (const timer of timers.values()) clearTimeout(timer);
    },
  };
}
