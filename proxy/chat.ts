// One chat message, from an admitted request to a saved reply. The order is what keeps the
// proxy's costs honest: the site's monthly token budget and its daily quotas first (one atomic
// check-and-count in the store, so no burst slips through), then the visitor's message on disk,
// and only then the model: the first of the site's models, or the next while the provider
// reports them retired (fallback.ts).
// Anything refused before the model starts answering gives its quota back; only a finished reply
// is saved. Usage counts every request whose quota was not given back.
import type { Clock } from "./clock.js";
import { CreditsExhaustedError, ModelRetiredError, ProviderError, StoreUnavailableError } from "./errors.js";
import { siteSessionKey, type History } from "./history.js";
import { groundingBudget, type Grounder, type Source } from "./knowledge/grounding.js";
import { completeWithFallback, NO_MODEL_LEFT, streamWithFallback } from "./llm/fallback.js";
import type { ModelInfo } from "./llm/model-info.js";
import type { LlmProvider, TokenUsage } from "./llm/provider.js";
import { buildPrompt, estimateUsage, type PageContext, type Prompt } from "./prompt.js";
import type { DailyQuota, QuotaTicket } from "./quota.js";
import type { Site } from "./sites/site.js";
import type { StoredMessage } from "./store/store.js";
import { guardStore } from "./store/store-guard.js";
import type { UsageLedger } from "./usage/usage-ledger.js";
import { firstOfNextUtcMonth } from "./utc-day.js";

export interface ChatInput {
  sessionId: string;
  message: string;
  context: PageContext;
  site: Site;
  /** Undefined for a keyed call: a site's backend speaks for many visitors. */
  visitorKey: string | undefined;
  /** The origins the proxy was reached on: pages there (the demo) may be read. */
  ownOrigins?: readonly string[];
}

export interface ChatReply {
  reply: string;
  sessionId: string;
  usage: TokenUsage | undefined;
  /** The site's pages the model was given; empty when none. */
  sources: Source[];
}

export type ChatEvent =
  | { type: "text-delta"; textDelta: string }
  | { type: "sources"; sources: Source[] }
  | { type: "finish"; finishReason: string; sessionId: string; usage: TokenUsage | undefined };

export interface Chat {
  reply(input: ChatInput, signal: AbortSignal): Promise<ChatReply>;
  /** Throws before its first event when the request is refused; later failures throw mid-stream. */
  stream(input: ChatInput, signal: AbortSignal): AsyncIterable<ChatEvent>;
}

/** The model answered, and was paid for, but its reply could not be saved. */
export class ReplyNotSavedError extends StoreUnavailableError {}

export interface ChatDeps {
  history: History;
  quota: DailyQuota;
  usage: UsageLedger;
  clock: Clock;
  /** The site's own Groq key's provider, or the proxy's. */
  llmFor(site: Site): LlmProvider;
  /** The models to try for this site, in order (the catalog's candidates). */
  modelsFor(site: Site): ModelInfo[];
  /** The site's provider reported this model retired or unknown; later requests should skip it. */
  onModelRetired(site: Site, error: ModelRetiredError): void;
  /** The site's passages for each message; without it the model gets the page's title and URL only. */
  grounder?: Grounder;
}

export function createChat(deps: ChatDeps): Chat {
  const { history, quota, usage } = deps;

  interface Turn {
    ticket: QuotaTicket;
    threadKey: string;
    models: ModelInfo[];
    /** The prompt for a model (its context window decides how much of the thread fits). */
    promptFor(model: ModelInfo): Prompt;
    sources: Source[];
  }

  // The passages must fit whichever of the site's models ends up answering.
  async function ground(input: ChatInput, thread: StoredMessage[], models: ModelInfo[]) {
    if (!deps.grounder) return { instructions: undefined, sources: [] };
    return deps.grounder.ground({
      siteId: input.site.id,
      siteOrigins: input.site.allowedOrigins,
      ownOrigins: input.ownOrigins ?? [],
      pageUrl: input.context.pageUrl,
      question: input.message,
      earlierQuestion: thread.findLast((message, index) => message.role === "user" && index < thread.length - 1)?.content,
      budgetTokens: Math.min(...models.map(groundingBudget)),
    });
  }

  async function admit(input: ChatInput, signal: AbortSignal): Promise<Turn> {
    const { site } = input;
    if (site.monthlyTokenBudget !== undefined && usage.monthTokens(site.id) >= site.monthlyTokenBudget) {
      throw new CreditsExhaustedError(site.monthlyTokenBudget, firstOfNextUtcMonth(deps.clock.now()));
    }
    const models = deps.modelsFor(site);
    if (models.length === 0) throw new ProviderError(NO_MODEL_LEFT);
    const ticket = await guardStore(quota.consume(site.id, input.visitorKey, { site: site.dailyQuota, visitor: site.visitorDailyQuota }));
    const threadKey = siteSessionKey(site.id, input.sessionId);
    try {
      const thread = await guardStore(history.appendVisitorMessage(threadKey, input.message));
      // Gone while the message was being saved: nothing was spent yet, so nothing is charged.
      if (signal.aborted) throw new ProviderError("The request was cancelled.");
      const { instructions, sources } = await ground(input, thread, models);
      // Reading the page can take seconds: a visitor gone meanwhile still costs nothing.
      if (signal.aborted) throw new ProviderError("The request was cancelled.");
      return { ticket, threadKey, models, sources, promptFor: (model) => buildPrompt(model, site.systemPrompt, input.context, thread, instructions) };
    } catch (error) {
      giveBack(ticket);
      throw error;
    }
  }

  // A refund the store cannot take (it went away) leaves the message counted: failing closed
  // costs the visitor one message, never the site an unmetered one.
  function giveBack(ticket: QuotaTicket): void {
    quota.refund(ticket).catch(() => undefined);
  }

  // A visitor who left was still answered in part, so only failures of our side are given back.
  // What is not given back was spent: it counts in usage (and the token budget) with estimated
  // figures, since an unfinished call reports none.
  function settleFailure(input: ChatInput, ticket: QuotaTicket, prompt: Prompt, partial: string, signal: AbortSignal) {
    if (!signal.aborted && partial === "") giveBack(ticket);
    else usage.accepted(input.site.id, input.sessionId, estimateUsage(prompt.messages, partial));
  }

  // The model has answered: its tokens are spent whatever happens to the reply on disk, so they
  // count before the reply is saved (a failing disk must not hide spending from the budget).
  async function completeTurn(input: ChatInput, threadKey: string, reply: string, tokens: TokenUsage | undefined) {
    usage.accepted(input.site.id, input.sessionId, tokens);
    await history.append(threadKey, "assistant", reply).catch((error: unknown) => {
      throw new ReplyNotSavedError(error);
    });
  }

  return {
    async reply(input, signal) {
      const { ticket, threadKey, models, promptFor, sources } = await admit(input, signal);
      const llm = deps.llmFor(input.site);
      let prompt = promptFor(models[0]!);
      const completion = await completeWithFallback(
        models,
        (model) => llm.complete({ model: model.id, ...(prompt = promptFor(model)), signal }),
        (error) => deps.onModelRetired(input.site, error),
      ).catch((error: unknown) => {
        settleFailure(input, ticket, prompt, "", signal);
        throw error;
      });
      await completeTurn(input, threadKey, completion.text, completion.usage);
      return { reply: completion.text, sessionId: input.sessionId, usage: completion.usage, sources };
    },

    async *stream(input, signal) {
      const { ticket, threadKey, models, promptFor, sources } = await admit(input, signal);
      const llm = deps.llmFor(input.site);
      let prompt = promptFor(models[0]!);
      let reply = "";
      let finish: { finishReason: string; usage: TokenUsage | undefined } | undefined;
      try {
        const events = streamWithFallback(
          models,
          (model) => llm.stream({ model: model.id, ...(prompt = promptFor(model)), signal }),
          (error) => deps.onModelRetired(input.site, error),
        );
        for await (const event of events) {
          if (event.type === "finish") finish = event;
          else {
            reply += event.textDelta;
            yield event;
          }
        }
      } catch (error) {
        settleFailure(input, ticket, prompt, reply, signal);
        throw error;
      }
      await completeTurn(input, threadKey, reply, finish?.usage);
      if (sources.length > 0) yield { type: "sources", sources };
      yield { type: "finish", finishReason: finish?.finishReason ?? "stop", sessionId: input.sessionId, usage: finish?.usage };
    },
  };
}
