// autocannon with exact latencies: its own histogram keeps whole milliseconds, too coarse for
// "≤ 2 ms added", so every response time is also kept here as autocannon measured it (float ms).
import autocannon, { type AutocannonRequest } from "autocannon";
import { quantile } from "./stats.js";

export interface LoadOptions {
  url: string;
  connections: number;
  /** Seconds; or `amount` requests in all. */
  duration?: number;
  amount?: number;
  method?: string;
  headers?: Record<string, string>;
  /** The body of request number `n` (counted across all connections). */
  body?: (n: number) => string;
  /** Extra headers of request number `n` (e.g. X-Forwarded-For to stand for many visitors). */
  headersFor?: (n: number) => Record<string, string>;
}

export interface LoadResult {
  responses: number;
  perSecond: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
  errors: number;
  seconds: number;
}

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  let sent = 0;
  const latencies: number[] = [];
  const request: AutocannonRequest = {
    method: options.method ?? "GET",
    headers: options.headers ?? {},
    setupRequest(next) {
      const n = sent++;
      return {
        ...next,
        headers: { ...options.headers, ...options.headersFor?.(n) },
        ...(options.body && { body: options.body(n) }),
      };
    },
  };
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        timeout: 10,
        requests: [request],
        ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.duration ?? 3 }),
      },
      (error, result) => {
        if (error) return reject(error);
        if (latencies.length === 0) return reject(new Error(`no responses from ${options.url} (${result.errors} errors)`));
        resolve({
          responses: latencies.length,
          perSecond: latencies.length / result.duration,
          p50: quantile(latencies, 0.5),
          p99: quantile(latencies, 0.99),
          statuses: Object.fromEntries(Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, count])),
          errors: result.errors + result.timeouts,
          seconds: result.duration,
        });
      },
    );
    instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  });
}
