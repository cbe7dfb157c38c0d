// What the chat core needs from a model. groq.ts talks to Groq through groq-sdk; offline.ts
// answers without any network so a fresh clone is useful. Both throw only ApiError subclasses
// (ProviderError, ProviderBusyError), never the upstream's own error text.

export interface PromptMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface CompletionRequest {
  model: string;
  messages: PromptMessage[];
  /** Upper bound on the reply, so one request can never spend more than this. */
  maxTokens: number;
  /** Aborted when the visitor disconnects or a deadline passes. */
  signal: AbortSignal;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface Completion {
  text: string;
  finishReason: string;
  usage: TokenUsage | undefined;
}

export type CompletionEvent =
  | { type: "text-delta"; textDelta: string }
  | { type: "finish"; finishReason: string; usage: TokenUsage | undefined };

export interface LlmProvider {
  readonly name: "groq" | "offline";
  complete(request: CompletionRequest): Promise<Completion>;
  /** Yields text deltas, then exactly one finish event. */
  stream(request: CompletionRequest): AsyncIterable<CompletionEvent>;
}
