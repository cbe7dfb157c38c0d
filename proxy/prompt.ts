// What the model sees: the system prompt, the page context of the current message, the site's
// passages for it (knowledge/grounding.ts), and as much of the thread as fits the model's context
// window, newest kept.
import type { PromptMessage, TokenUsage } from "./llm/provider.js";
import type { ModelInfo } from "./llm/model-info.js";
import type { StoredMessage } from "./store/store.js";

export interface PageContext {
  pageUrl?: string;
  pageTitle?: string;
  /** The widget's language, a canonical BCP 47 tag. */
  locale?: string;
}

export interface Prompt {
  messages: PromptMessage[];
  maxTokens: number;
}

/**
 * Room kept for the reply. Half the window at most: a model whose output limit equals its
 * window (Mixtral) would otherwise leave no room for the conversation.
 */
export function replyTokenBudget(model: ModelInfo): number {
  return Math.min(model.maxOutputTokens, Math.floor(model.contextWindow / 2));
}

/** A rough count (about four characters a token, plus framing), on the safe side for English. */
export function estimateTokens(message: PromptMessage): number {
  return estimateTextTokens(message.content) + 4;
}

/**
 * Usage when no provider reported it: a call cut short, or the offline provider. One formula,
 * so the token budget counts the same whichever way the figures were made.
 */
export function estimateUsage(messages: readonly PromptMessage[], reply: string): TokenUsage {
  return {
    promptTokens: messages.reduce((sum, message) => sum + estimateTokens(message), 0),
    completionTokens: estimateTextTokens(reply),
  };
}

export function estimateTextTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function buildPrompt(model: ModelInfo, systemPrompt: string, context: PageContext, thread: StoredMessage[], grounding?: string): Prompt {
  const maxTokens = replyTokenBudget(model);
  const preamble: PromptMessage[] = [{ role: "system", content: systemPrompt }];
  const contextLine = describePage(context);
  if (contextLine) preamble.push({ role: "system", content: contextLine });
  if (grounding) preamble.push({ role: "system", content: grounding });
  if (context.locale !== undefined) preamble.push({ role: "system", content: languageLine(context.locale) });

  let budget = model.contextWindow - maxTokens - preamble.reduce((sum, message) => sum + estimateTokens(message), 0);
  const kept: PromptMessage[] = [];
  for (let index = thread.length - 1; index >= 0; index--) {
    const message: PromptMessage = { role: thread[index]!.role, content: thread[index]!.content };
    budget -= estimateTokens(message);
    // The newest message (the visitor's question) always goes, whatever its size.
    if (budget < 0 && kept.length > 0) break;
    kept.unshift(message);
  }
  return { messages: [...preamble, ...kept], maxTokens };
}

function describePage(context: PageContext): string | undefined {
  const lines = [
    context.pageTitle === undefined ? undefined : `Page title: ${context.pageTitle}`,
    context.pageUrl === undefined ? undefined : `Page URL: ${context.pageUrl}`,
  ].filter((line) => line !== undefined);
  return lines.length > 0 ? `The visitor is on this page of the site:\n${lines.join("\n")}` : undefined;
}

const languageNames = new Intl.DisplayNames(["en"], { type: "language", fallback: "code" });

/** The widget speaks the visitor's language; the model should too, unless the visitor does not. */
function languageLine(locale: string): string {
  return `The visitor's language is ${languageNames.of(locale)} (${locale}). Answer in it, unless the visitor writes in another language: then answer in theirs.`;
}
