// Parsers for single environment values. Each throws ConfigError naming the variable and what it
// accepts, so a typo stops start-up with one line instead of a surprise at the first request.
import { ConfigError } from "./config-error.js";
import { parseHttpUrl } from "./http-url.js";

const ORIGINS_EXAMPLE = "https://example.com,http://localhost:3000";

export interface IntegerRule {
  fallback: number;
  min: number;
  max?: number;
  /** Said in the error, e.g. "a hop count: 0, 1, 2 …". */
  accepted: string;
}

/** Empty and whitespace-only values count as unset: `PORT=` in a compose file means "default". */
export function readValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

export function readInteger(env: NodeJS.ProcessEnv, name: string, rule: IntegerRule): number {
  const value = readValue(env, name);
  if (value === undefined) return rule.fallback;
  const number = /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < rule.min || number > (rule.max ?? Number.MAX_SAFE_INTEGER)) {
    throw new ConfigError(name, `${JSON.stringify(value)} is not accepted; use ${rule.accepted}`);
  }
  return number;
}

export function readPositiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, accepted: string): number {
  const value = readValue(env, name);
  if (value === undefined) return fallback;
  const number = /^[0-9]*\.?[0-9]+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(number) || number <= 0) {
    throw new ConfigError(name, `${JSON.stringify(value)} is not accepted; use ${accepted}`);
  }
  return number;
}

export function readHttpUrl(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = readValue(env, name);
  if (value !== undefined && parseHttpUrl(value) === undefined) {
    throw new ConfigError(name, `${JSON.stringify(value)} is not accepted; use an http(s) URL like https://api.groq.com or http://localhost:11434/v1`);
  }
  return value;
}

/** Origins are normalised the way browsers send them (`https://Example.com:443/` → `https://example.com`). */
export function readOrigins(env: NodeJS.ProcessEnv, name: string): string[] | undefined {
  const value = readValue(env, name);
  if (value === undefined) return undefined;
  const entries = value.split(",").map((entry) => entry.trim()).filter((entry) => entry !== "");
  // A list of only commas is a mistake, and reading it as "unset" would open the API to every origin.
  if (entries.length === 0) throw new ConfigError(name, `lists no origin; use comma-separated origins like ${ORIGINS_EXAMPLE}`);
  return entries.map((entry) => {
    const url = parseHttpUrl(entry);
    if (!url || url.pathname !== "/" || url.search || url.hash || url.username || url.password) {
      throw new ConfigError(name, `${JSON.stringify(entry)} is not an origin; use comma-separated origins like ${ORIGINS_EXAMPLE}`);
    }
    return url.origin;
  });
}
