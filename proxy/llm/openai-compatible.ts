// Any OpenAI-compatible server (Ollama, vLLM, LM Studio, OpenRouter, Together …) through the
// `openai` package: LLM_BASE_URL and LLM_API_KEY. Nothing server-specific is sent, so every such
// server accepts the request; thinking that comes back anyway is filtered by sdk-provider.ts.
import OpenAI from "openai";
import { nodeFetch } from "./node-fetch.js";
import type { CompletionRequest, LlmProvider } from "./provider.js";
import { createSdkProvider, type SdkProviderOptions } from "./sdk-provider.js";

export interface OpenAiCompatibleOptions extends SdkProviderOptions {
  baseURL: string;
  /** Undefined: a local server that needs none (the SDK insists on a value, so a placeholder goes). */
  apiKey: string | undefined;
}

export function createOpenAiCompatibleProvider(options: OpenAiCompatibleOptions): LlmProvider {
  const client = new OpenAI({
    apiKey: options.apiKey ?? "no-key",
    baseURL: options.baseURL,
    maxRetries: 0,
    timeout: options.timeoutMs,
    logLevel: "off",
    fetch: nodeFetch,
  });
  return createSdkProvider(
    "openai-compatible",
    {
      complete: (request, signal) => client.chat.completions.create({ ...body(request), stream: false }, { signal }),
      stream: (request, signal) =>
        client.chat.completions.create({ ...body(request), stream: true, stream_options: { include_usage: true } }, { signal }),
      list: (signal) => client.models.list({ signal }),
    },
    OpenAI,
    options,
  );
}

function body(request: CompletionRequest) {
  return { model: request.model, messages: request.messages, max_tokens: request.maxTokens };
}
