import { describe, expect, it } from "vitest";
import { buildPrompt, estimateTokens, estimateUsage, replyTokenBudget } from "../../proxy/prompt.js";
import { shippedModel, type ModelInfo } from "../../proxy/llm/model-info.js";
import type { StoredMessage } from "../../proxy/store/store.js";

const at = "2030-01-15T12:00:00.000Z";
const message = (role: "user" | "assistant", content: string): StoredMessage => ({ role, content, createdAt: at });
const model = (contextWindow: number, maxOutputTokens: number): ModelInfo => ({ id: "m", name: "M", contextWindow, maxOutputTokens, bestFor: "" });

describe("buildPrompt", () => {
  it("puts the system prompt first, then the page context, then the thread", () => {
    const prompt = buildPrompt(shippedModel("llama-3.3-70b-versatile")!, "Be kind.", { pageUrl: "https://a.test/", pageTitle: "A" }, [
      message("user", "Hi"),
    ]);
    expect(prompt.messages).toEqual([
      { role: "system", content: "Be kind." },
      { role: "system", content: "The visitor is on this page of the site:\nPage title: A\nPage URL: https://a.test/" },
      { role: "user", content: "Hi" },
    ]);
  });

  it("tells the model the visitor's language, after the page context", () => {
    const prompt = buildPrompt(model(1000, 100), "Be kind.", { pageTitle: "A", locale: "de-AT" }, [message("user", "Hi")]);
    expect(prompt.messages[2]).toEqual({
      role: "system",
      content: "The visitor's language is Austrian German (de-AT). Answer in it, unless the visitor writes in another language: then answer in theirs.",
    });
  });

  it("leaves out the context line when there is no context", () => {
    const prompt = buildPrompt(model(1000, 100), "Be kind.", {}, [message("user", "Hi")]);
    expect(prompt.messages).toHaveLength(2);
  });

  it("keeps the newest messages that fit the window after the reply budget", () => {
    const thread = Array.from({ length: 20 }, (_, i) => message(i % 2 ? "assistant" : "user", `${i}`.padStart(2, "0").padEnd(40, "x")));
    // 200 - 100 for the reply - 5 for the system prompt "S" = 95 tokens; 14 a message (40 chars + framing): 6 fit.
    const prompt = buildPrompt(model(200, 100), "S", {}, thread);
    expect(prompt.maxTokens).toBe(100);
    expect(prompt.messages.slice(1).map((m) => m.content.slice(0, 2))).toEqual(["14", "15", "16", "17", "18", "19"]);
  });

  it("always keeps the visitor's newest message", () => {
    const prompt = buildPrompt(model(20, 10), "A long system prompt that alone fills the window", {}, [message("user", "Hello there")]);
    expect(prompt.messages.at(-1)).toEqual({ role: "user", content: "Hello there" });
  });
});

describe("replyTokenBudget", () => {
  it("is the model's output limit, but never more than half its window", () => {
    expect(replyTokenBudget(shippedModel("openai/gpt-oss-120b")!)).toBe(65536);
    expect(replyTokenBudget(shippedModel("mixtral-8x7b-32768")!)).toBe(16384);
    expect(replyTokenBudget(shippedModel("gemma2-9b-it")!)).toBe(4096);
    expect(replyTokenBudget(shippedModel("moonshotai/kimi-k2-instruct-0905")!)).toBe(16384);
  });
});

describe("estimateTokens", () => {
  it("counts about four characters a token plus framing", () => {
    expect(estimateTokens({ role: "user", content: "x".repeat(40) })).toBe(14);
  });
});

describe("estimateUsage", () => {
  it("counts each prompt message with its framing and the reply at four characters a token", () => {
    const messages = [
      { role: "system" as const, content: "abcdefgh" },
      { role: "user" as const, content: "abcde" },
    ];
    expect(estimateUsage(messages, "abcdefghi")).toEqual({ promptTokens: 2 + 4 + 2 + 4, completionTokens: 3 });
  });
});
