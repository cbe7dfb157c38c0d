import { describe, expect, it } from "vitest";
import { createOfflineProvider } from "../../../proxy/llm/offline.js";
import type { CompletionEvent, CompletionRequest } from "../../../proxy/llm/provider.js";
import { estimateUsage } from "../../../proxy/prompt.js";

function request(signal = new AbortController().signal): CompletionRequest {
  return {
    model: "llama-3.3-70b-versatile",
    messages: [
      { role: "system", content: "Be helpful." },
      { role: "system", content: "The visitor is on this page of the site:\nPage title: Kettle pricing\nPage URL: https://acme.test/p" },
      { role: "user", content: "How much does the kettle cost?" },
    ],
    maxTokens: 512,
    signal,
  };
}

describe("offline provider", () => {
  it("says it is the offline demo and echoes the page title and the question", async () => {
    const { text, usage } = await createOfflineProvider().complete(request());
    expect(text).toContain("offline demo");
    expect(text).toContain("GROQ_API_KEY");
    expect(text).toContain('"Kettle pricing"');
    expect(text).toContain("How much does the kettle cost?");
    expect(usage?.completionTokens).toBeGreaterThan(0);
  });

  it("quotes the best passage of the site and links its page", async () => {
    const grounded = request();
    grounded.messages.splice(2, 0, {
      role: "system",
      content:
        "Passages from this website that match the visitor's question, best first. Answer from them.\n\n" +
        "[1] Pricing – Acme › Plans › Kettle Pro\nURL: https://acme.test/pricing\n$129\none-time\n\n" +
        "[2] Kettle Pro – Acme\nURL: https://acme.test/\nThe kettle that knows your tea.",
    });
    const { text } = await createOfflineProvider().complete(grounded);
    expect(text).toContain("> $129 · one-time\n");
    expect(text).toContain("From [Pricing – Acme › Plans › Kettle Pro](https://acme.test/pricing)");
    expect(text).not.toContain("knows your tea");
  });

  it("estimates its usage with the formula the chat core uses for calls cut short", async () => {
    const { text, usage } = await createOfflineProvider().complete(request());
    expect(usage).toEqual(estimateUsage(request().messages, text));
  });

  it("streams the same reply word by word, then finishes", async () => {
    const provider = createOfflineProvider({ wordDelayMs: 0 });
    const events: CompletionEvent[] = [];
    for await (const event of provider.stream(request())) events.push(event);
    const deltas = events.filter((event) => event.type === "text-delta");
    expect(deltas.length).toBeGreaterThan(10);
    expect(deltas.map((event) => event.textDelta).join("")).toBe((await provider.complete(request())).text);
    expect(events.at(-1)).toMatchObject({ type: "finish", finishReason: "stop" });
  });

  it("stops streaming when aborted", async () => {
    const controller = new AbortController();
    const events = createOfflineProvider({ wordDelayMs: 0 }).stream(request(controller.signal))[Symbol.asyncIterator]();
    await events.next();
    controller.abort();
    await expect(events.next()).rejects.toMatchObject({ code: "PROVIDER_ERROR" });
  });
});
