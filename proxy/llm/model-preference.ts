// CHAT_MODEL and a site's --model: model ids in order of preference, `auto` allowed at the end.
// Ids are not checked against any table here: only the provider knows what it serves today.
export interface ModelPreference {
  /** Explicit ids, first preferred. */
  ids: readonly string[];
  /** Then any served chat model, in the order `auto` prefers. */
  auto: boolean;
}

export const AUTO: ModelPreference = { ids: [], auto: true };

// Groq (`openai/gpt-oss-120b`), Ollama (`llama3.3:70b`), OpenRouter (`meta-llama/…:free`).
const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199}$/;

/** Throws what `fail` makes of a sentence when the list is empty, has a bad id, or `auto` is not last. */
export function parseModelPreference(value: string, fail: (problem: string) => Error): ModelPreference {
  const entries = value.split(",").map((entry) => entry.trim()).filter((entry) => entry !== "");
  if (entries.length === 0) throw fail("lists no model; use auto, or model ids like openai/gpt-oss-120b,auto");
  const autoAt = entries.findIndex((entry) => entry.toLowerCase() === "auto");
  if (autoAt !== -1 && autoAt !== entries.length - 1) throw fail(`"auto" may only end the list (${value})`);
  const ids = autoAt === -1 ? entries : entries.slice(0, -1);
  const bad = ids.find((id) => !MODEL_ID.test(id));
  if (bad !== undefined) throw fail(`${JSON.stringify(bad)} is not a model id; use ids like openai/gpt-oss-120b or llama3.3`);
  return { ids, auto: autoAt !== -1 };
}

export function formatPreference(preference: ModelPreference): string {
  return [...preference.ids, ...(preference.auto ? ["auto"] : [])].join(",");
}
