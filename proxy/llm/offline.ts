// The provider of a fresh clone: no network, no key. It says plainly that it is the offline
// demo, echoes what it was given and quotes the site's passage that best matches the question,
// so the whole path (context, grounding, history, streaming) can be seen working before anyone
// signs up for Groq.
import { setTimeout as sleep } from "node:timers/promises";
import { ProviderError } from "../errors.js";
import { PASSAGES_HEADING } from "../knowledge/grounding.js";
import { estimateUsage } from "../prompt.js";
import type { Completion, CompletionEvent, LlmProvider, PromptMessage } from "./provider.js";

export interface OfflineProviderOptions {
  /** Pause between streamed words, so the reply visibly streams; 0 in tests. */
  wordDelayMs?: number;
}

export function createOfflineProvider(options: OfflineProviderOptions = {}): LlmProvider {
  const wordDelayMs = options.wordDelayMs ?? 25;
  return {
    name: "offline",

    // No listing: the catalog is the shipped table.
    listModels: async () => undefined,

    async complete(request): Promise<Completion> {
      if (request.signal.aborted) throw new ProviderError("The request was cancelled.");
      const text = offlineReply(request.messages);
      return { text, finishReason: "stop", usage: estimateUsage(request.messages, text) };
    },

    async *stream(request): AsyncIterable<CompletionEvent> {
      const text = offlineReply(request.messages);
      for (const word of text.split(/(?<=\s)/)) {
        if (wordDelayMs > 0) await sleep(wordDelayMs, undefined, { signal: request.signal }).catch(() => undefined);
        if (request.signal.aborted) throw new ProviderError("The request was cancelled.");
        yield { type: "text-delta", textDelta: word };
      }
      yield { type: "finish", finishReason: "stop", usage: estimateUsage(request.messages, text) };
    },
  };
}

function offlineReply(messages: PromptMessage[]): string {
  const question = [...messages].reverse().find((message) => message.role === "user")?.content ?? "";
  const snippet = question.length > 80 ? `${question.slice(0, 80)}…` : question;
  const title = pageTitleOf(messages);
  const best = bestPassageOf(messages);
  return [
    "**This is the offline demo** (no `GROQ_API_KEY` is set), so no model is answering.",
    ...(best ? ["", "The passage of this site that best matches your question:", "", `> ${quote(best.text)}`, "", `From ${best.url ? `[${best.name}](${best.url})` : best.name}`] : []),
    "",
    `- You asked: "${snippet}"`,
    `- You are on: ${title ? `"${title}"` : "a page without a title"}`,
    "",
    "Set `GROQ_API_KEY` and restart the proxy to get real answers.",
  ].join("\n");
}

// The page context and the passages arrive as system messages written by prompt.ts and
// knowledge/grounding.ts; they are read back from there rather than passed separately so the
// provider interface stays the same for every provider.
function pageTitleOf(messages: PromptMessage[]): string | undefined {
  for (const message of messages) {
    const match = /^Page title: (.*)$/m.exec(message.content);
    if (message.role === "system" && match) return match[1];
  }
  return undefined;
}

function bestPassageOf(messages: PromptMessage[]): { name: string; url: string | undefined; text: string } | undefined {
  const grounding = messages.find((message) => message.role === "system" && message.content.startsWith(PASSAGES_HEADING));
  const match = grounding && /^\[1\] (.*)\n(?:URL: (.*)|.*)\n(.*(?:\n(?!\n).*)*)/m.exec(grounding.content);
  return match ? { name: match[1]!, url: match[2], text: match[3]! } : undefined;
}

function quote(text: string): string {
  const line = text.split("\n").join(" · ");
  return line.length > 400 ? `${line.slice(0, 400)}…` : line;
}
