// Models through HTTP, against the double's listing: auto on today's Groq, retirements survived
// before any byte reaches the visitor (streamed or not), explicit lists honoured, reasoning hidden,
// sites' own lists, and the same rules for an OpenAI-compatible server.
import { afterEach, describe, expect, it } from "vitest";
import type { ModelPreference } from "../../proxy/llm/model-preference.js";
import { startTestApp, type TestApp, type TestAppOptions } from "../helpers/app.js";
import { errorBody, postChat, sseEvents, streamChat } from "../helpers/chat-client.js";
import { UPSTREAM_SECRET_TEXT } from "../helpers/groq-double.js";
import { sealSecret } from "../../proxy/sites/secret-box.js";
import { testSite, TEST_MASTER_KEY } from "../helpers/sites.js";

let app: TestApp;
afterEach(() => app.close());

const ADMIN_TOKEN = "the-admin-token-of-24-chars";
const chatModel = (ids: string[], auto: boolean): ModelPreference => ({ ids, auto });
const start = (options: TestAppOptions = {}) => startTestApp({ listing: true, ...options, config: { adminToken: ADMIN_TOKEN, ...options.config } });
const ask = (message = "Hello?", sessionId = "s1", headers: Record<string, string> = {}) => postChat(app.url, { message, sessionId }, headers);
const askStreamed = async (message = "Hello?", sessionId = "s1") => sseEvents(await (await streamChat(app.url, { message, sessionId })).text());
const modelsAsked = () => app.groq.requests.map((request) => request.body.model);
const json = async (path: string, headers: Record<string, string> = {}) => (await fetch(`${app.url}${path}`, { headers })).json();
const history = async (sessionId = "s1") => ((await json(`/api/history?sessionId=${sessionId}`)) as { messages: { content: string }[] }).messages;

describe("auto on Groq's listing of today", () => {
  it("answers with GPT-OSS 120B, asking for hidden reasoning at low effort", async () => {
    app = await start({ config: { chatModel: chatModel([], true) } });
    app.groq.reply("Hi!");
    const response = await ask();
    expect(response.status).toBe(200);
    expect(app.groq.requests[0]!.body).toMatchObject({ model: "openai/gpt-oss-120b", include_reasoning: false, reasoning_effort: "low" });
    expect(await json("/health/ready")).toEqual({ status: "ok", store: "ok", provider: "groq", model: "openai/gpt-oss-120b" });
  });

  it("asks Qwen 3 for hidden reasoning", async () => {
    app = await start({ config: { chatModel: chatModel(["qwen/qwen3-32b"], false) } });
    await ask();
    expect(app.groq.requests[0]!.body).toMatchObject({ model: "qwen/qwen3-32b", reasoning_format: "hidden" });
    expect(app.groq.requests[0]!.body).not.toHaveProperty("include_reasoning");
  });
});

describe("a retired model", () => {
  it.each(["decommissioned", "not_found"] as const)("(%s) is survived without a failed message: the same request goes to the next model", async (as) => {
    app = await start({ config: { chatModel: chatModel(["openai/gpt-oss-120b", "qwen/qwen3-32b"], false) } });
    app.groq.reply("From the fallback.");
    app.groq.retire("openai/gpt-oss-120b", as);
    const response = await ask();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ reply: "From the fallback." });
    expect(modelsAsked()).toEqual(["openai/gpt-oss-120b", "qwen/qwen3-32b"]);
  });

  it("in the middle of a streamed conversation: the visitor gets one whole reply, history holds it once, later requests go straight to the fallback", async () => {
    app = await start({ config: { chatModel: chatModel(["openai/gpt-oss-120b"], true) } });
    app.groq.reply("First answer.");
    expect((await askStreamed("First?")).at(-1)).toMatchObject({ type: "finish" });

    app.groq.retire("openai/gpt-oss-120b");
    app.groq.reply("Second answer.");
    const events = await askStreamed("Second?");
    expect(events.filter((event) => event.type === "text-delta").map((event) => event.textDelta).join("")).toBe("Second answer.");
    expect(events.some((event) => event.type === "error")).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: "finish" });

    await askStreamed("Third?");
    expect(modelsAsked()).toEqual(["openai/gpt-oss-120b", "openai/gpt-oss-120b", "openai/gpt-oss-20b", "openai/gpt-oss-20b"]);
    expect((await history()).map((message) => message.content)).toEqual(["First?", "First answer.", "Second?", "Second answer.", "Third?", "Second answer."]);
    // The conversation so far went to the fallback too.
    expect(app.groq.requests[2]!.body.messages.map((message) => message.content)).toContain("First answer.");
  });

  it("is logged once, and shown by /health/ready, /api/models and /admin", async () => {
    app = await start({ config: { chatModel: chatModel(["openai/gpt-oss-120b"], true) } });
    app.groq.retire("openai/gpt-oss-120b");
    await ask("One");
    await ask("Two");
    expect(app.logs.filter((line) => line.includes("MODEL_RETIRED"))).toHaveLength(1);
    expect(JSON.parse(app.logs.find((line) => line.includes("MODEL_RETIRED"))!)).toMatchObject({ level: "warn", model: "openai/gpt-oss-120b" });

    const ready = (await json("/health/ready")) as { model: string; degraded: string };
    expect(ready.model).toBe("openai/gpt-oss-20b");
    expect(ready.degraded).toMatch(/^openai\/gpt-oss-120b was reported retired at 2030-01-15T12:00:00.000Z; openai\/gpt-oss-20b answers\.$/);

    const models = (await json("/api/models")) as { active: string; models: { id: string; status: string }[] };
    expect(models.active).toBe("openai/gpt-oss-20b");
    expect(models.models.find((model) => model.id === "openai/gpt-oss-120b")!.status).toBe("retired");

    const overview = (await json("/admin/api/overview", { authorization: `Bearer ${ADMIN_TOKEN}` })) as { models: { active: string; degraded: string } };
    expect(overview.models).toMatchObject({ active: "openai/gpt-oss-20b", degraded: ready.degraded });
  });

  it("with auto at the end of the list, then goes to any served chat model", async () => {
    app = await start({ config: { chatModel: chatModel(["openai/gpt-oss-120b", "qwen/qwen3-32b"], true) } });
    app.groq.retire("openai/gpt-oss-120b");
    app.groq.retire("qwen/qwen3-32b", "not_found");
    expect((await ask()).status).toBe(200);
    expect(modelsAsked()).toEqual(["openai/gpt-oss-120b", "qwen/qwen3-32b", "openai/gpt-oss-20b"]);
  });

  it("without auto, only the listed models answer; when all are gone the visitor gets 500 PROVIDER_ERROR and keeps the quota", async () => {
    app = await start({ config: { chatModel: chatModel(["openai/gpt-oss-120b", "qwen/qwen3-32b"], false), dailyQuota: 5 } });
    app.groq.retire("openai/gpt-oss-120b");
    app.groq.retire("qwen/qwen3-32b");
    const response = await ask();
    expect(response.status).toBe(500);
    expect(await errorBody(response)).toMatchObject({ code: "PROVIDER_ERROR" });
    expect(modelsAsked()).toEqual(["openai/gpt-oss-120b", "qwen/qwen3-32b"]);

    // Nothing is left to try: the next message reaches no model and costs nothing.
    const again = await ask("Again?");
    expect(again.status).toBe(500);
    expect(app.groq.requests).toHaveLength(2);
    expect(app.usage.series("default", 1)[0]!.messages).toBe(0);
    expect(((await json("/health/ready")) as { degraded: string }).degraded).toContain("no allowed model is left");
  });
});

describe("reasoning models", () => {
  it("never stream thinking: a <think> block split across chunks reaches neither the SSE stream nor the history", async () => {
    app = await start({ config: { chatModel: chatModel(["qwen/qwen3-32b"], false) } });
    app.groq.reply("The kettle costs $49.", { reasoning: { text: "The visitor asks about price; look at the page.", as: "think-tag" } });
    const text = await (await streamChat(app.url, { message: "Price?", sessionId: "s1" })).text();
    expect(text).not.toContain("think");
    expect(text).not.toContain("visitor asks");
    expect(sseEvents(text).filter((event) => event.type === "text-delta").map((event) => event.textDelta).join("")).toBe("The kettle costs $49.");
    expect((await history()).at(-1)!.content).toBe("The kettle costs $49.");
  });

  it("never return thinking sent in reasoning fields, streamed or not", async () => {
    app = await start({ config: { chatModel: chatModel([], true) } });
    app.groq.reply("Answer.", { reasoning: { text: "Secret chain of thought.", as: "field" } });
    expect(((await (await ask("A", "s1")).json()) as { reply: string }).reply).toBe("Answer.");
    const streamed = await (await streamChat(app.url, { message: "B", sessionId: "s2" })).text();
    expect(streamed).not.toContain("Secret chain");
    expect(JSON.stringify(await history("s1")) + JSON.stringify(await history("s2"))).not.toContain("Secret chain");
  });

  it("never return a <think> block in a non-streamed reply", async () => {
    app = await start({ config: { chatModel: chatModel([], true) } });
    app.groq.reply("Answer.", { reasoning: { text: "Hmm.", as: "think-tag" } });
    expect(((await (await ask()).json()) as { reply: string }).reply).toBe("Answer.");
  });
});

describe("a site's own model list", () => {
  it("falls back to the proxy's list when the site's model is not served, with a warning on /admin", async () => {
    const shop = testSite({ model: "llama-3.3-70b-versatile" });
    app = await start({ sites: [shop.stored], config: { chatModel: chatModel(["qwen/qwen3-32b"], false) } });
    expect((await ask("Hi", "s1", shop.widget)).status).toBe(200);
    expect(modelsAsked()).toEqual(["qwen/qwen3-32b"]);
    expect(await json("/api/models", shop.widget)).toMatchObject({ active: "qwen/qwen3-32b", fallbacks: [] });
    const overview = (await json("/admin/api/overview", { authorization: `Bearer ${ADMIN_TOKEN}` })) as { sites: { id: string; model: string; modelWarning: string | null }[] };
    expect(overview.sites.find((site) => site.id === shop.stored.id)).toMatchObject({
      model: "qwen/qwen3-32b",
      modelWarning: "llama-3.3-70b-versatile is not served by the provider; qwen/qwen3-32b answers.",
    });
    expect(overview.sites.find((site) => site.id === "default")!.modelWarning).toBeNull();
  });

  it("answers with the site's own served model first, the proxy's list after it", async () => {
    const shop = testSite({ model: "openai/gpt-oss-20b" });
    app = await start({ sites: [shop.stored], config: { chatModel: chatModel(["qwen/qwen3-32b"], false) } });
    await ask("Hi", "s1", shop.widget);
    expect(modelsAsked()).toEqual(["openai/gpt-oss-20b"]);
    expect(await json("/api/models", shop.widget)).toMatchObject({ active: "openai/gpt-oss-20b", fallbacks: ["qwen/qwen3-32b"] });
  });
});

describe("a site with its own Groq key", () => {
  it("has its key's own catalog: a model retired for it stays served for the other sites", async () => {
    const shop = testSite({ model: "openai/gpt-oss-120b", groqKey: sealSecret("gsk_shop_own_key", TEST_MASTER_KEY) });
    app = await start({
      upstream: "openai-compatible",
      listing: ["openai/gpt-oss-120b", "qwen/qwen3-32b"],
      sites: [shop.stored],
      config: { chatModel: chatModel(["qwen/qwen3-32b"], false), masterKey: TEST_MASTER_KEY },
    });
    app.groq.retire("openai/gpt-oss-120b");
    expect((await ask("Hi", "s1", shop.widget)).status).toBe(200);
    expect(modelsAsked()).toEqual(["openai/gpt-oss-120b", "qwen/qwen3-32b"]);
    expect(app.groq.requests[0]!.headers.authorization).toBe("Bearer gsk_shop_own_key");

    const shopModels = (await json("/api/models", shop.widget)) as { provider: string; active: string; models: { id: string; status: string }[] };
    expect(shopModels).toMatchObject({ provider: "groq", active: "qwen/qwen3-32b" });
    expect(shopModels.models.find((model) => model.id === "openai/gpt-oss-120b")!.status).toBe("retired");
    expect(app.catalog.retiredAt("openai/gpt-oss-120b")).toBeUndefined();
    expect(await json("/api/models")).toMatchObject({ provider: "openai-compatible", active: "qwen/qwen3-32b" });
  });
});

describe("an OpenAI-compatible server (LLM_BASE_URL)", () => {
  const ollama = [{ id: "llama3.3:latest" }, { id: "gemma3:latest" }, { id: "nomic-embed-text:latest" }];

  it("lists its models, picks a Llama with auto, and reads the usage of a stream", async () => {
    app = await start({ upstream: "openai-compatible", listing: ollama, config: { chatModel: chatModel([], true) } });
    app.groq.reply("Hello from Ollama.");
    const events = await askStreamed();
    expect(app.groq.requests[0]!.body).toMatchObject({ model: "llama3.3:latest", stream: true, stream_options: { include_usage: true } });
    expect(events.at(-1)).toMatchObject({ type: "finish" });
    expect(app.usage.series("default", 1)[0]).toMatchObject({ messages: 1, completionTokens: Math.ceil("Hello from Ollama.".length / 4) });
    expect(await json("/api/models")).toMatchObject({
      provider: "openai-compatible",
      active: "llama3.3:latest",
      fallbacks: ["gemma3:latest"],
      models: [
        { id: "llama3.3:latest", name: "Llama 3.3 70B", contextWindow: 8192, status: "active" },
        { id: "gemma3:latest", name: "Gemma 3", contextWindow: 8192, status: "active" },
      ],
    });
  });

  it("logs its status when it fails, never its text", async () => {
    app = await start({ upstream: "openai-compatible", listing: ollama, config: { chatModel: chatModel([], true) } });
    app.groq.fail(500);
    expect((await ask()).status).toBe(500);
    expect(app.logs.some((line) => line.includes('"upstreamStatus":500'))).toBe(true);
    expect(app.logs.join("\n")).not.toContain(UPSTREAM_SECRET_TEXT);
  });

  it("falls back on its 404 for an unknown model and filters thinking", async () => {
    app = await start({ upstream: "openai-compatible", listing: ollama, config: { chatModel: chatModel([], true) } });
    app.groq.retire("llama3.3:latest");
    app.groq.reply("Gemma here.", { reasoning: { text: "pondering", as: "think-tag" } });
    const response = await ask();
    expect(await response.json()).toMatchObject({ reply: "Gemma here." });
    expect(modelsAsked()).toEqual(["llama3.3:latest", "gemma3:latest"]);
  });
});
