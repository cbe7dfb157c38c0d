// The chat core without HTTP: what a request costs when the visitor is gone before the model.
import { describe, expect, it } from "vitest";
import { createChat } from "../../proxy/chat.js";
import { createHistory } from "../../proxy/history.js";
import { createKnowledgeGrounder } from "../../proxy/knowledge/knowledge.js";
import { shippedModel } from "../../proxy/llm/model-info.js";
import type { LlmProvider } from "../../proxy/llm/provider.js";
import { createDailyQuota } from "../../proxy/quota.js";
import { environmentSites } from "../../proxy/sites/registry.js";
import { DEFAULT_SITE_ID } from "../../proxy/sites/site.js";
import type { Grounder } from "../../proxy/knowledge/grounding.js";
import { createJsonLogger } from "../../proxy/log.js";
import type { Config } from "../../proxy/config.js";
import { createUsageLedger } from "../../proxy/usage/usage-ledger.js";
import { startForbiddenServer, startKnowledgeSite } from "../helpers/knowledge-site.js";
import { testConfig } from "../helpers/app.js";
import { createManualClock } from "../helpers/manual-clock.js";
import { createMemoryStore } from "../helpers/memory-store.js";

function setUp(options: { grounder?: Grounder; config?: Partial<Config> } = {}) {
  const store = createMemoryStore();
  const clock = createManualClock();
  const quota = createDailyQuota({ store, clock, siteLimit: 1, visitorLimit: 1 });
  const usage = createUsageLedger({ clock });
  const calls: string[] = [];
  const llm: LlmProvider = {
    name: "offline",
    listModels: async () => undefined,
    async complete() {
      calls.push("complete");
      return { text: "Hi", finishReason: "stop", usage: { promptTokens: 7, completionTokens: 3 } };
    },
    async *stream() {
      calls.push("stream");
      yield { type: "finish", finishReason: "stop", usage: { promptTokens: 7, completionTokens: 3 } };
    },
  };
  const chat = createChat({ history: createHistory({ store, clock, sessionTtlMs: 3600_000 }), quota, usage, clock, llmFor: () => llm,
    modelsFor: () => [shippedModel("openai/gpt-oss-120b")!],
    onModelRetired: () => undefined,
    ...(options.grounder && { grounder: options.grounder }),
  });
  const site = environmentSites(testConfig(options.config)).find(DEFAULT_SITE_ID)!;
  const input = { sessionId: "s1", message: "Hello?", context: {}, site, visitorKey: "203.0.113.1" };
  return { chat, quota, usage, calls, input };
}

const aborted = () => {
  const controller = new AbortController();
  controller.abort();
  return controller.signal;
};

describe("a visitor gone before the model is called", () => {
  it.each(["reply", "stream"] as const)("calls no model and costs nothing (%s)", async (mode) => {
    const { chat, quota, usage, calls, input } = setUp();
    const run =
      mode === "reply"
        ? chat.reply(input, aborted())
        : (async () => {
            for await (const _event of chat.stream(input, aborted()));
          })();
    await expect(run).rejects.toThrow();
    expect(calls).toEqual([]);
    expect(usage.monthTokens(DEFAULT_SITE_ID)).toBe(0);
    expect(usage.series(DEFAULT_SITE_ID, 1)[0]).toMatchObject({ messages: 0 });
    expect(() => quota.consume(DEFAULT_SITE_ID, input.visitorKey, { site: 1, visitor: 1 })).not.toThrow();
  });

  it("calls no model and costs nothing when the visitor leaves while the page is being read", async () => {
    const forbidden = await startForbiddenServer();
    const page = await startKnowledgeSite(forbidden.origin);
    try {
      const clock = createManualClock();
      const grounder = createKnowledgeGrounder({ store: createMemoryStore().knowledge, demoDir: undefined, clock, logger: createJsonLogger(() => undefined), fetch: { timeoutMs: 1000 } });
      const { chat, quota, usage, calls, input } = setUp({ grounder, config: { allowedOrigins: [page.origin] } });
      const controller = new AbortController();
      void page.nextRequest("/hang.html").then(() => controller.abort());
      await expect(chat.reply({ ...input, context: { pageUrl: page.url("/hang.html") } }, controller.signal)).rejects.toThrow("cancelled");
      expect(calls).toEqual([]);
      expect(usage.series(DEFAULT_SITE_ID, 1)[0]).toMatchObject({ messages: 0 });
      expect(() => quota.consume(DEFAULT_SITE_ID, input.visitorKey, { site: 1, visitor: 1 })).not.toThrow();
    } finally {
      await page.close();
      await forbidden.close();
    }
  });
});
