// One chat message, from an admitted request to a saved reply. The order is what keeps the
// proxy's costs honest: quota first (synchronous, so no burst slips through), then the
// visitor's message on disk, and only then the model. Anything refused before the model starts
// answering gives its quota back; only a finished reply is saved.
import type { History } from "./history.js";
import type { LlmProvider, TokenUsage } from "./llm/provider.js";
import type { ModelInfo } from "./models.js";
import { buildPrompt, type PageContext, type Prompt } from "./prompt.js";
import type { DailyQuota, QuotaTicket } from "./quota.js";
import { guardStore } from "./store-guard.js";

export interface ChatInput {
  sessionId: string;
  message: string;
  context: PageContext;
  siteId: string;
  visitorKey: string;
}

export interface ChatReply {
  reply: string;
  sessionId: string;
  usage: TokenUsage | undefined;
}

export type ChatEvent =
  | { type: "text-delta"; textDelta: string }
  | { type: "finish"; finishReason: string; sessionId: string; usage: TokenUsage | undefined };

export interface Chat {
  reply(input: ChatInput, signal: AbortSignal): Promise<ChatReply>;
  /** Throws before its first event when the request is refused; later failures throw mid-stream. */
  stream(input: ChatInput, signal: AbortSignal): AsyncIterable<ChatEvent>;
}

export interface ChatDeps {
  model: ModelInfo;
  systemPrompt: string;
  history: History;
  quota: DailyQuota;
  llm: LlmProvider;
}

export function createChat(deps: ChatDeps): Chat {
  const { model, history, quota, llm } = deps;

  async function admit(input: ChatInput): Promise<{ ticket: QuotaTicket; prompt: Prompt }> {
    const ticket = quota.consume(input.siteId, input.visitorKey);
    try {
      await guardStore(history.append(input.sessionId, "user", input.message));
      const thread = await guardStore(history.read(input.sessionId));
      return { ticket, prompt: buildPrompt(model, deps.systemPrompt, input.context, thread) };
    } catch (error) {
      quota.refund(ticket);
      throw error;
    }
  }

  // A visitor who left was still answered in part, so only failures of our side are given back.
  function refundUnlessAborted(ticket: QuotaTicket, signal: AbortSignal) {
    if (!signal.aborted) quota.refund(ticket);
  }

  return {
    async reply(input, signal) {
      const { ticket, prompt } = await admit(input);
      const completion = await llm.complete({ model: model.id, ...prompt, signal }).catch((error: unknown) => {
        refundUnlessAborted(ticket, signal);
        throw error;
      });
      await guardStore(history.append(input.sessionId, "assistant", completion.text));
      return { reply: completion.text, sessionId: input.sessionId, usage: completion.usage };
    },

    async *stream(input, signal) {
      const { ticket, prompt } = await admit(input);
      let reply = "";
      let finish: { finishReason: string; usage: TokenUsage | undefined } | undefined;
      try {
        for await (const event of llm.stream({ model: model.id, ...prompt, signal })) {
          if (event.type === "finish") finish = event;
          else {
            reply += event.textDelta;
            yield event;
          }
        }
      } catch (error) {
        if (reply === "") refundUnlessAborted(ticket, signal);
        throw error;
      }
      await guardStore(history.append(input.sessionId, "assistant", reply));
      yield { type: "finish", finishReason: finish?.finishReason ?? "stop", sessionId: input.sessionId, usage: finish?.usage };
    },
  };
}
