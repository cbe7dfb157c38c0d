// The environment is read once, here, into a complete typed Config. A bad value stops start-up
// with one line naming the variable and what it accepts (ConfigError). Nothing else reads
// process.env.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError } from "./config-error.js";
import { readHttpUrl, readInteger, readOrigins, readPositiveNumber, readValue } from "./env-values.js";
import { AUTO, parseModelPreference, type ModelPreference } from "./llm/model-preference.js";

export { ConfigError } from "./config-error.js";

export interface Config {
  port: number;
  host: string;
  /** Never logged, never sent to a browser. Undefined: the offline provider answers. */
  groqApiKey: string | undefined;
  /** Undefined: groq-sdk's default. */
  groqBaseUrl: string | undefined;
  /** CHAT_MODEL: ids in order of preference, then (with `auto`) any served chat model. */
  chatModel: ModelPreference;
  /** An OpenAI-compatible upstream instead of Groq. */
  llmBaseUrl: string | undefined;
  /** Never logged, never sent to a browser. */
  llmApiKey: string | undefined;
  /** The context window of a model whose listing gives none. */
  modelContextTokens: number;
  systemPrompt: string;
  /** Absolute, resolved against the working directory at start-up. Unused with databaseUrl. */
  dataDir: string;
  /** `postgres://…`: everything in PostgreSQL, shared by several processes. Never logged (it may hold a password). */
  databaseUrl: string | undefined;
  /** Undefined: any origin may call /api/*. Normalised as browsers send `Origin`. */
  allowedOrigins: readonly string[] | undefined;
  rateLimitPerMinute: number;
  dailyQuota: number;
  visitorDailyQuota: number;
  sessionTtlMs: number;
  trustProxy: number;
  /** 32 bytes that seal sites' own Groq keys (AES-256-GCM). Undefined: sites cannot have their own key. */
  masterKey: Buffer | undefined;
  /** Enables /admin. Never logged. */
  adminToken: string | undefined;
  /** Not from the environment: how long an upstream call may take (default 30 s). */
  upstreamTimeoutMs: number;
  /** Not from the environment: built widget and demo site, served as static files. */
  widgetDir: string;
  demoDir: string;
  adminPageDir: string;
}

export const DEFAULT_SYSTEM_PROMPT =
  "You are a friendly, concise assistant on this website. Answer the visitor's questions helpfully; " +
  "if you do not know something about the site, say so instead of guessing.";

const HOUR_MS = 3_600_000;
const MIN_ADMIN_TOKEN_LENGTH = 24;
const quota = (fallback: number) => ({ fallback, min: 1, accepted: "a whole number of messages, 1 or more" });

// Walk up to package.json so the same code finds dist/widget from proxy/ (tsx, vitest) and dist/proxy/.
const packageRoot = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

export function parseConfig(env: NodeJS.ProcessEnv): Config {
  return {
    port: readInteger(env, "PORT", { fallback: 8787, min: 0, max: 65_535, accepted: "a port number from 0 to 65535" }),
    host: readValue(env, "HOST") ?? "127.0.0.1",
    groqApiKey: readValue(env, "GROQ_API_KEY"),
    groqBaseUrl: readHttpUrl(env, "GROQ_BASE_URL"),
    chatModel: readChatModel(env),
    llmBaseUrl: readLlmBaseUrl(env),
    llmApiKey: readValue(env, "LLM_API_KEY"),
    modelContextTokens: readInteger(env, "MODEL_CONTEXT_TOKENS", { fallback: 8192, min: 512, accepted: "a whole number of tokens, 512 or more (e.g. 8192)" }),
    systemPrompt: readValue(env, "SYSTEM_PROMPT") ?? DEFAULT_SYSTEM_PROMPT,
    dataDir: resolve(readValue(env, "DATA_DIR") ?? "./data"),
    databaseUrl: readDatabaseUrl(env),
    allowedOrigins: readOrigins(env, "ALLOWED_ORIGINS"),
    rateLimitPerMinute: readInteger(env, "RATE_LIMIT_PER_MINUTE", quota(10)),
    dailyQuota: readInteger(env, "DAILY_QUOTA", quota(500)),
    visitorDailyQuota: readInteger(env, "VISITOR_DAILY_QUOTA", quota(50)),
    sessionTtlMs: readPositiveNumber(env, "SESSION_TTL_HOURS", 24, "a positive number of hours, decimals allowed (e.g. 24 or 0.5)") * HOUR_MS,
    trustProxy: readInteger(env, "TRUST_PROXY", { fallback: 0, min: 0, accepted: "a hop count: 0 (no proxy), 1, 2 …; never true" }),
    masterKey: readMasterKey(env),
    adminToken: readAdminToken(env),
    upstreamTimeoutMs: 30_000,
    widgetDir: join(packageRoot, "dist", "widget"),
    demoDir: join(packageRoot, "demo"),
    adminPageDir: join(packageRoot, "proxy", "admin", "page"),
  };
}

function readChatModel(env: NodeJS.ProcessEnv): ModelPreference {
  const value = readValue(env, "CHAT_MODEL");
  return value === undefined ? AUTO : parseModelPreference(value, (problem) => new ConfigError("CHAT_MODEL", problem));
}

// Two upstreams at once would leave it unclear which one answers (and which key is spent).
function readLlmBaseUrl(env: NodeJS.ProcessEnv): string | undefined {
  const url = readHttpUrl(env, "LLM_BASE_URL");
  if (url !== undefined && readValue(env, "GROQ_API_KEY") !== undefined) {
    throw new ConfigError("LLM_BASE_URL", "is set together with GROQ_API_KEY; set one upstream: LLM_BASE_URL (+ LLM_API_KEY) or GROQ_API_KEY");
  }
  return url;
}

// The value is never echoed: it usually holds the database password.
function readDatabaseUrl(env: NodeJS.ProcessEnv): string | undefined {
  const value = readValue(env, "DATABASE_URL");
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "postgres:" && url.protocol !== "postgresql:") || (!url.hostname && !url.searchParams.has("host"))) {
    throw new ConfigError("DATABASE_URL", "is not a PostgreSQL URL; use postgres://user:password@host:5432/database (or leave it unset to keep files in DATA_DIR)");
  }
  return value;
}

function readMasterKey(env: NodeJS.ProcessEnv): Buffer | undefined {
  const value = readValue(env, "MASTER_KEY");
  if (value === undefined) return undefined;
  const key = /^[A-Za-z0-9+/]+={0,2}$/.test(value) ? Buffer.from(value, "base64") : Buffer.alloc(0);
  if (key.length !== 32) {
    throw new ConfigError("MASTER_KEY", "is not 32 bytes in base64; make one with `openssl rand -base64 32`");
  }
  return key;
}

// /admin/api/overview has no guess limiting: only the token's length keeps it from being guessed.
function readAdminToken(env: NodeJS.ProcessEnv): string | undefined {
  const value = readValue(env, "ADMIN_TOKEN");
  if (value !== undefined && value.length < MIN_ADMIN_TOKEN_LENGTH) {
    throw new ConfigError("ADMIN_TOKEN", `is shorter than ${MIN_ADMIN_TOKEN_LENGTH} characters; make one with \`openssl rand -base64 32\``);
  }
  return value;
}

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) throw new Error(`No package.json above ${from}`);
  }
}
