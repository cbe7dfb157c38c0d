import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_SYSTEM_PROMPT, parseConfig } from "../../proxy/config.js";

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("parseConfig accepted the environment");
}

describe("parseConfig", () => {
  it("gives every variable its documented default", () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      port: 8787,
      host: "127.0.0.1",
      groqApiKey: undefined,
      groqBaseUrl: undefined,
      systemPrompt: DEFAULT_SYSTEM_PROMPT,
      dataDir: resolve("./data"),
      databaseUrl: undefined,
      allowedOrigins: undefined,
      rateLimitPerMinute: 10,
      dailyQuota: 500,
      visitorDailyQuota: 50,
      sessionTtlMs: 24 * 3_600_000,
      trustProxy: 0,
      upstreamTimeoutMs: 30_000,
    });
    expect(config).toMatchObject({ chatModel: { ids: [], auto: true }, llmBaseUrl: undefined, llmApiKey: undefined, modelContextTokens: 8192 });
  });

  it("reads every variable when set", () => {
    const config = parseConfig({
      PORT: "9000",
      HOST: "0.0.0.0",
      GROQ_API_KEY: "gsk_secret",
      GROQ_BASE_URL: "http://127.0.0.1:5555",
      CHAT_MODEL: "gemma2-9b-it",
      SYSTEM_PROMPT: "Be brief.",
      DATA_DIR: "/var/lib/chat",
      ALLOWED_ORIGINS: "https://example.com",
      RATE_LIMIT_PER_MINUTE: "3",
      DAILY_QUOTA: "100",
      VISITOR_DAILY_QUOTA: "5",
      SESSION_TTL_HOURS: "2",
      TRUST_PROXY: "1",
    });
    expect(config).toMatchObject({
      port: 9000,
      host: "0.0.0.0",
      groqApiKey: "gsk_secret",
      groqBaseUrl: "http://127.0.0.1:5555",
      systemPrompt: "Be brief.",
      dataDir: "/var/lib/chat",
      allowedOrigins: ["https://example.com"],
      rateLimitPerMinute: 3,
      dailyQuota: 100,
      visitorDailyQuota: 5,
      sessionTtlMs: 2 * 3_600_000,
      trustProxy: 1,
    });
    expect(config.chatModel).toEqual({ ids: ["gemma2-9b-it"], auto: false });
  });

  it("treats empty values as unset", () => {
    expect(parseConfig({ PORT: "", GROQ_API_KEY: " ", ALLOWED_ORIGINS: "" })).toMatchObject({
      port: 8787,
      groqApiKey: undefined,
      allowedOrigins: undefined,
    });
  });

  it("accepts decimal SESSION_TTL_HOURS", () => {
    expect(parseConfig({ SESSION_TTL_HOURS: "0.5" }).sessionTtlMs).toBe(1_800_000);
  });

  it("splits ALLOWED_ORIGINS on commas, ignores spaces and normalises like a browser's Origin", () => {
    const config = parseConfig({ ALLOWED_ORIGINS: " https://Example.com:443/ , http://localhost:3000,," });
    expect(config.allowedOrigins).toEqual(["https://example.com", "http://localhost:3000"]);
  });

  it.each([
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["PORT", "80.5"],
    ["DAILY_QUOTA", "0"],
    ["DAILY_QUOTA", "-5"],
    ["DAILY_QUOTA", "ten"],
    ["VISITOR_DAILY_QUOTA", "1.5"],
    ["RATE_LIMIT_PER_MINUTE", "0"],
    ["RATE_LIMIT_PER_MINUTE", "10abc"],
    ["SESSION_TTL_HOURS", "0"],
    ["SESSION_TTL_HOURS", "-1"],
    ["SESSION_TTL_HOURS", "soon"],
    ["TRUST_PROXY", "true"],
    ["TRUST_PROXY", "-1"],
    ["TRUST_PROXY", "1.5"],
    ["GROQ_BASE_URL", "ftp://groq.example"],
    ["ALLOWED_ORIGINS", "example.com"],
    ["ALLOWED_ORIGINS", "https://example.com/path"],
    ["ALLOWED_ORIGINS", "javascript:alert(1)"],
    ["ALLOWED_ORIGINS", " , "],
    ["CHAT_MODEL", " , "],
    ["CHAT_MODEL", "llama 3"],
    ["LLM_BASE_URL", "localhost:11434"],
    ["MODEL_CONTEXT_TOKENS", "100"],
    ["MODEL_CONTEXT_TOKENS", "8k"],
  ])("stops with one line naming %s when it is %j", (variable, value) => {
    const error = configError({ [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}: `)).toBe(true);
    expect(error.message).toContain("use ");
    expect(error.message).not.toContain("\n");
  });

  it("takes any model ids in CHAT_MODEL, in order, with auto allowed at the end", () => {
    expect(parseConfig({ CHAT_MODEL: "openai/gpt-oss-120b" }).chatModel).toEqual({ ids: ["openai/gpt-oss-120b"], auto: false });
    expect(parseConfig({ CHAT_MODEL: " llama3.3:70b , qwen/qwen3-32b, AUTO " }).chatModel).toEqual({ ids: ["llama3.3:70b", "qwen/qwen3-32b"], auto: true });
    expect(parseConfig({ CHAT_MODEL: "auto" }).chatModel).toEqual({ ids: [], auto: true });
  });

  it("stops with one line when auto is not the last entry of CHAT_MODEL", () => {
    const error = configError({ CHAT_MODEL: "auto,openai/gpt-oss-120b" });
    expect(error.message).toBe('CHAT_MODEL: "auto" may only end the list (auto,openai/gpt-oss-120b)');
  });

  it("reads an OpenAI-compatible upstream: LLM_BASE_URL, LLM_API_KEY and MODEL_CONTEXT_TOKENS", () => {
    const config = parseConfig({ LLM_BASE_URL: "http://localhost:11434/v1", LLM_API_KEY: "sk-or-secret", MODEL_CONTEXT_TOKENS: "32768" });
    expect(config).toMatchObject({ llmBaseUrl: "http://localhost:11434/v1", llmApiKey: "sk-or-secret", modelContextTokens: 32768 });
  });

  it("stops with one line naming LLM_BASE_URL when GROQ_API_KEY is set too, without echoing either key", () => {
    const error = configError({ LLM_BASE_URL: "http://localhost:11434/v1", GROQ_API_KEY: "gsk_do_not_print" });
    expect(error.variable).toBe("LLM_BASE_URL");
    expect(error.message).toContain("set one upstream");
    expect(error.message).not.toContain("gsk_do_not_print");
  });

  it("finds the built widget and the demo under the package root", () => {
    const config = parseConfig({});
    const root = resolve(config.widgetDir, "..", "..");
    expect(existsSync(join(root, "package.json"))).toBe(true);
    expect(config.widgetDir).toBe(join(root, "dist", "widget"));
    expect(config.demoDir).toBe(join(root, "demo"));
  });

  it("reads MASTER_KEY as 32 bytes of base64 and ADMIN_TOKEN as given; both unset by default", () => {
    const masterKey = Buffer.alloc(32, 5);
    const config = parseConfig({ MASTER_KEY: masterKey.toString("base64"), ADMIN_TOKEN: "s3cret-s3cret-s3cret-s3c" });
    expect(config.masterKey?.equals(masterKey)).toBe(true);
    expect(config.adminToken).toBe("s3cret-s3cret-s3cret-s3c");
    expect(parseConfig({})).toMatchObject({ masterKey: undefined, adminToken: undefined });
  });

  it("stops with one line naming ADMIN_TOKEN when it is shorter than 24 characters, without echoing it", () => {
    const error = configError({ ADMIN_TOKEN: "s3cret-s3cret-s3cret-s3" });
    expect(error.message).toMatch(/^ADMIN_TOKEN: is shorter than 24 characters/);
    expect(error.message).not.toContain("s3cret");
    expect(error.message).not.toContain("\n");
  });

  it("reads DATABASE_URL as a postgres:// or postgresql:// URL", () => {
    expect(parseConfig({ DATABASE_URL: "postgres://chat:pw@db.internal:5432/chat" }).databaseUrl).toBe("postgres://chat:pw@db.internal:5432/chat");
    expect(parseConfig({ DATABASE_URL: "postgresql://chat@localhost/chat?sslmode=require" }).databaseUrl).toBe(
      "postgresql://chat@localhost/chat?sslmode=require",
    );
  });

  it("stops with one line naming DATABASE_URL when it is not a PostgreSQL URL, without echoing it", () => {
    for (const value of ["mysql://u:hunter2@host/db", "hunter2", "postgres://"]) {
      const error = configError({ DATABASE_URL: value });
      expect(error.message).toMatch(/^DATABASE_URL: is not a PostgreSQL URL; use postgres:\/\/user:password@host:5432\/database/);
      expect(error.message).not.toContain("hunter2");
      expect(error.message).not.toContain("\n");
    }
  });

  it("stops with one line naming MASTER_KEY when it is not 32 bytes of base64", () => {
    for (const value of ["short", Buffer.alloc(16).toString("base64"), "!!!not base64!!!"]) {
      const error = configError({ MASTER_KEY: value });
      expect(error.message).toMatch(/^MASTER_KEY: is not 32 bytes in base64/);
      expect(error.message).not.toContain("\n");
    }
  });
});
