// The one place that turns configuration into the proxy's provider: LLM_BASE_URL selects an
// OpenAI-compatible server, GROQ_API_KEY Groq, neither the offline demo.
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import { createModelCatalog, type ModelCatalog } from "./catalog.js";
import { createGroqProvider } from "./groq.js";
import { shippedGroqModels, type ModelInfo } from "./model-info.js";
import { createOfflineProvider } from "./offline.js";
import { createOpenAiCompatibleProvider } from "./openai-compatible.js";
import type { LlmProvider } from "./provider.js";

export function createConfiguredProvider(config: Config): LlmProvider {
  if (config.llmBaseUrl !== undefined) {
    return createOpenAiCompatibleProvider({ baseURL: config.llmBaseUrl, apiKey: config.llmApiKey, timeoutMs: config.upstreamTimeoutMs });
  }
  if (config.groqApiKey === undefined) return createOfflineProvider();
  return createGroqProvider({ apiKey: config.groqApiKey, baseURL: config.groqBaseUrl, timeoutMs: config.upstreamTimeoutMs });
}

/** The variable holding the key a provider refused. */
export function keyVariable(config: Config): "LLM_API_KEY" | "GROQ_API_KEY" {
  return config.llmBaseUrl !== undefined ? "LLM_API_KEY" : "GROQ_API_KEY";
}

/** What `auto` means before the listing is read: the shipped table knows Groq's (and the offline demo's) models, not an arbitrary server's. */
export function unlistedModels(provider: LlmProvider): ModelInfo[] {
  return provider.name === "openai-compatible" ? [] : shippedGroqModels();
}

/** The catalog of the proxy's own provider, as configured (not yet read: see catalog-start.ts). */
export function createProxyCatalog(config: Config, llm: LlmProvider, clock: Clock): ModelCatalog {
  return createModelCatalog({ provider: llm, clock, defaultContextTokens: config.modelContextTokens, unlisted: unlistedModels(llm) });
}
