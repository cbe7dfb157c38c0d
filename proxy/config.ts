// The environment is read once, here, into a complete typed Config. A bad value stops start-up
// with one line naming the variable and what it accepts (ConfigError). Nothing else reads
// process.env.
import type { ModelInfo } from "./models.js";

export interface Config {
  port: number;
  host: string;
  /** Never logged, never sent to a browser. Undefined: the offline provider answers. */
  groqApiKey: string | undefined;
  /** Undefined: groq-sdk's default. */
  groqBaseUrl: string | undefined;
  model: ModelInfo;
  systemPrompt: string;
  dataDir: string;
  /** Undefined: any origin may call /api/*. */
  allowedOrigins: readonly string[] | undefined;
  rateLimitPerMinute: number;
  dailyQuota: number;
  visitorDailyQuota: number;
  sessionTtlMs: number;
  trustProxy: number;
  /** Not from the environment: how long an upstream call may take (default 30 s). */
  upstreamTimeoutMs: number;
  /** Not from the environment: built widget and demo site, served as static files. */
  widgetDir: string;
  demoDir: string;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = "ConfigError";
  }
}

export function parseConfig(env: NodeJS.ProcessEnv): Config {
  throw new Error(`parseConfig is not implemented yet (${Object.keys(env).length} variables)`);
}
