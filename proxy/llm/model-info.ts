// What the proxy knows of one model, wherever it came from (the provider's listing or the
// shipped table), and the shipped table itself: friendly names and "best for" for ids it knows,
// and the whole catalog when no provider is configured (offline).
import { readFileSync } from "node:fs";

export interface ModelInfo {
  id: string;
  name: string;
  contextWindow: number;
  maxOutputTokens: number;
  bestFor: string;
}

export interface ShippedModel extends ModelInfo {
  /** Who serves this id: Groq, Ollama (`llama3.3`) or OpenRouter (`meta-llama/…`). */
  host: "groq" | "ollama" | "openrouter";
  /** In Groq's listing when this table was written (2026-11): what `auto` may try before the listing is read. */
  current?: boolean;
  /** The day Groq stopped serving it, where known. */
  retired?: string;
}

export const SHIPPED_MODELS: readonly ShippedModel[] = JSON.parse(
  readFileSync(new URL("./model-table.json", import.meta.url), "utf8"),
);

/** Ollama names a model `llama3.3:latest` as well as `llama3.3`. */
export function shippedModel(id: string): ShippedModel | undefined {
  const bare = id.endsWith(":latest") ? id.slice(0, -":latest".length) : id;
  return SHIPPED_MODELS.find((model) => model.id === id || model.id === bare);
}

/** The shipped table's Groq models that Groq served when this table was written. */
export function shippedGroqModels(): ShippedModel[] {
  return SHIPPED_MODELS.filter((model) => model.host === "groq" && model.current === true);
}
