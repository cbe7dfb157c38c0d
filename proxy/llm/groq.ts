// The Groq provider, through groq-sdk. The key goes to the SDK and nowhere else.
// Reasoning models are asked to keep their thinking out of the answer and to think briefly:
// GPT-OSS takes `include_reasoning: false` and `reasoning_effort: "low"`; Qwen 3 takes
// `reasoning_format: "hidden"` (its efforts are only "none" and "default").
import Groq from "groq-sdk";
import { reasoningStyle } from "./model-kind.js";
import { nodeFetch } from "./node-fetch.js";
import type { CompletionRequest, LlmProvider } from "./provider.js";
import { createSdkProvider, type SdkProviderOptions } from "./sdk-provider.js";

export interface GroqProviderOptions extends SdkProviderOptions {
  apiKey: string;
  /** Undefined: groq-sdk's default (Groq itself). */
  baseURL: string | undefined;
}

export function createGroqProvider(options: GroqProviderOptions): LlmProvider {
  // logLevel "off": the SDK's own debug logging would print request details outside our logger.
  // fetch: see node-fetch.ts (the global fetch was a third of the proxy's CPU under load).
  const client = new Groq({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: 0, timeout: options.timeoutMs, logLevel: "off", fetch: nodeFetch });
  return createSdkProvider(
    "groq",
    {
      complete: (request, signal) => client.chat.completions.create({ ...body(request), stream: false }, { signal }),
      stream: (request, signal) => client.chat.completions.create({ ...body(request), stream: true }, { signal }),
      list: (signal) => client.models.list({ signal }),
    },
    Groq,
    options,
  );
}

function body(request: CompletionRequest) {
  return { model: request.model, messages: request.messages, max_tokens: request.maxTokens, ...reasoningParams(request.model) };
}

function reasoningParams(model: string) {
  switch (reasoningStyle(model)) {
    case "gpt-oss":
      return { include_reasoning: false, reasoning_effort: "low" } as const;
    case "qwen3":
      return { reasoning_format: "hidden" } as const;
    case undefined:
      return {};
  }
}
