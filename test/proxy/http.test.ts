import { afterEach, describe, expect, it } from "vitest";
import { startTestApp, TEST_GROQ_KEY, type TestApp } from "../helpers/app.js";
import { errorBody, postChat, streamChat } from "../helpers/chat-client.js";
import { UPSTREAM_SECRET_TEXT } from "../helpers/groq-double.js";

let app: TestApp;
afterEach(() => app.close());

const chat = { message: "My secret question", sessionId: "s1" };
const preflight = (origin: string) =>
  fetch(`${app.url}/api/chat`, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
  });

describe("origins and CORS", () => {
  const allowed = "https://shop.example";

  it("reflects an allowed origin and exposes the rate-limit headers", async () => {
    app = await startTestApp({ config: { allowedOrigins: [allowed] } });
    const response = await postChat(app.url, chat, { origin: allowed });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe(allowed);
    expect(response.headers.get("access-control-expose-headers")).toContain("Retry-After");
    expect(response.headers.get("access-control-expose-headers")).toContain("RateLimit-Policy");
  });

  it("returns 403 ORIGIN_NOT_ALLOWED without CORS headers to another origin, and calls no model", async () => {
    app = await startTestApp({ config: { allowedOrigins: [allowed] } });
    const response = await postChat(app.url, chat, { origin: "https://evil.example" });
    expect(response.status).toBe(403);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(await errorBody(response)).toMatchObject({ code: "ORIGIN_NOT_ALLOWED" });
    expect(app.groq.requests).toHaveLength(0);
  });

  it("answers an allowed preflight with the methods and headers the widget sends", async () => {
    app = await startTestApp({ config: { allowedOrigins: [allowed] } });
    const response = await preflight(allowed);
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(allowed);
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
    expect(response.headers.get("access-control-allow-methods")).toContain("DELETE");
    expect(response.headers.get("access-control-allow-headers")).toBe("Content-Type, Accept, X-Site-Id, X-API-Key");
  });

  it("refuses a preflight from another origin with 403 and no CORS headers", async () => {
    app = await startTestApp({ config: { allowedOrigins: [allowed] } });
    const response = await preflight("https://evil.example");
    expect(response.status).toBe(403);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(response.headers.get("access-control-allow-methods")).toBeNull();
  });

  it("lets requests without an Origin header through", async () => {
    app = await startTestApp({ config: { allowedOrigins: [allowed] } });
    expect((await postChat(app.url, chat)).status).toBe(200);
  });

  it("lets the proxy's own pages through", async () => {
    app = await startTestApp({ config: { allowedOrigins: [allowed] } });
    expect((await postChat(app.url, chat, { origin: app.url })).status).toBe(200);
  });

  it("allows any origin when ALLOWED_ORIGINS is unset", async () => {
    app = await startTestApp();
    const response = await postChat(app.url, chat, { origin: "https://anyone.example" });
    expect(response.headers.get("access-control-allow-origin")).toBe("https://anyone.example");
  });
});

describe("errors", () => {
  it("returns a JSON 404 NOT_FOUND for unknown /api paths", async () => {
    app = await startTestApp();
    const response = await fetch(`${app.url}/api/nope`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await errorBody(response)).toMatchObject({ code: "NOT_FOUND" });
  });

  it("answers unknown pages and bad URLs with JSON, never an HTML error page", async () => {
    app = await startTestApp();
    for (const path of ["/nope.html", "/%E0%A4%A", "/api/chat", "/chunks"]) {
      const response = await fetch(`${app.url}${path}`, { redirect: "manual" });
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      const text = await response.text();
      expect(text).not.toMatch(/<html|<pre|at .*\.js:\d+/i);
    }
  });
});

describe("security headers", () => {
  it("puts helmet's headers on API answers and pages", async () => {
    app = await startTestApp();
    for (const path of ["/api/models", "/", "/health"]) {
      const response = await fetch(`${app.url}${path}`);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("cross-origin-resource-policy")).toBe("same-origin");
      expect(response.headers.get("content-security-policy")).toContain("default-src 'self'");
      expect(response.headers.get("x-powered-by")).toBeNull();
    }
  });

  it("lets demo pages load /widget.js and call /api from their own origin", async () => {
    app = await startTestApp();
    const csp = (await fetch(`${app.url}/`)).headers.get("content-security-policy")!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("upgrade-insecure-requests");
  });
});

describe("widget files", () => {
  it("serves /widget.js for other sites, kept five minutes and then revalidated", async () => {
    app = await startTestApp();
    const response = await fetch(`${app.url}/widget.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/javascript/);
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
    expect(response.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("etag")).toBeTruthy();
  });

  it("serves hashed chunks for other sites with long immutable caching", async () => {
    app = await startTestApp();
    const response = await fetch(`${app.url}/chunks/markdown-Bx7a9k2Q.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(response.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("serves the demo site at /", async () => {
    app = await startTestApp();
    const response = await fetch(`${app.url}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("/widget.js");
  });
});

describe("models and health", () => {
  it("lists the provider's chat models, the active model and its fallbacks", async () => {
    app = await startTestApp({ config: { chatModel: { ids: ["qwen/qwen3-32b"], auto: true } }, listing: true });
    const body = await (await fetch(`${app.url}/api/models`)).json();
    expect(body).toMatchObject({ provider: "groq", active: "qwen/qwen3-32b", fallbacks: ["openai/gpt-oss-120b", "openai/gpt-oss-20b", "moonshotai/kimi-k2-instruct-0905"] });
    expect(body.models).toContainEqual({
      id: "openai/gpt-oss-120b",
      name: "GPT-OSS 120B",
      contextWindow: 131072,
      maxOutputTokens: 65536,
      bestFor: expect.stringContaining("Best all-round"),
      status: "active",
    });
  });

  it("answers /health and /health/ready with the provider's name", async () => {
    app = await startTestApp();
    expect(await (await fetch(`${app.url}/health`)).json()).toEqual({ status: "ok" });
    expect(await (await fetch(`${app.url}/health/ready`)).json()).toEqual({ status: "ok", store: "ok", provider: "groq", model: "llama-3.3-70b-versatile" });
  });

  it("returns 503 from /health/ready when the store is unusable", async () => {
    app = await startTestApp();
    app.store.failing = true;
    const response = await fetch(`${app.url}/health/ready`);
    expect(response.status).toBe(503);
    expect(await errorBody(response)).toMatchObject({ code: "STORE_UNAVAILABLE" });
  });
});

describe("logs", () => {
  it("writes one JSON line per request with a request id, and no message bodies", async () => {
    app = await startTestApp();
    const response = await postChat(app.url, chat);
    await response.text();
    await fetch(`${app.url}/health`);
    const lines = app.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    const chatLine = lines.find((line) => line.path === "/api/chat");
    expect(chatLine).toMatchObject({ level: "info", method: "POST", status: 200, requestId: response.headers.get("x-request-id") });
    expect(app.logs.join("\n")).not.toContain("My secret question");
    expect(app.logs.join("\n")).not.toContain("Hello from the double");
  });

  it("never shows the Groq key or Groq's error text in a response or a log line", async () => {
    app = await startTestApp();
    const seen: string[] = [];
    const record = async (response: Response) => seen.push(JSON.stringify([...response.headers]), await response.text());
    await record(await postChat(app.url, chat));
    await record(await streamChat(app.url, chat));
    app.groq.fail(401);
    await record(await postChat(app.url, chat));
    app.groq.cut({ afterChunks: 1 });
    await record(await streamChat(app.url, chat));
    app.groq.fail(429, { retryAfter: 3 });
    await record(await streamChat(app.url, chat));
    await record(await fetch(`${app.url}/health/ready`));
    for (const text of [...seen, ...app.logs]) {
      expect(text).not.toContain(TEST_GROQ_KEY);
      expect(text).not.toContain(UPSTREAM_SECRET_TEXT);
    }
    expect(app.logs.some((line) => line.includes('"upstreamStatus":401'))).toBe(true);
  });
});
