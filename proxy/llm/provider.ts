// What the chat core needs from a model. groq.ts and openai-compatible.ts talk to an upstream
// through its SDK (sdk-provider.ts does the work for both); offline.ts answers without any network
// so a fresh clone is useful. They throw only ApiError subclasses (ProviderError and its
// ModelRetiredError, ProviderBusyError), never the upstream's own error text.

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

/** One entry of the provider's model listing, as far as it says. */
export interface ListedModel {
  id: string;
  contextWindow: number | undefined;
  maxOutputTokens: number | undefined;
}

export type ProviderName = "groq" | "openai-compatible" | "offline";

export interface LlmProvider {
  readonly name: ProviderName;
  complete(request: CompletionRequest): Promise<Completion>;
  /** Yields text deltas, then exactly one finish event. */
  stream(request: CompletionRequest): AsyncIterable<CompletionEvent>;
  /**
   * What the provider serves now; undefined when it has no listing (offline). Throws
   * ProviderKeyRefusedError for a refused key, ProviderError when it cannot be reached.
   */
  listModels(signal: AbortSignal): Promise<ListedModel[] | undefined>;
}
