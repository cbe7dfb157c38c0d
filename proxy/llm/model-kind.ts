// Which listed ids are chat models, and which the product prefers. Provider listings mix chat
// models with speech, text-to-speech, safety classifiers, embeddings and tool-running agents;
// none of those can answer a visitor, so none may become the model that answers.
const NOT_CHAT = /whisper|tts|orpheus|guard|safeguard|compound|embed|moderation|rerank|transcribe|dall-e|image-gen|audio/i;

export function isChatModel(id: string): boolean {
  return !NOT_CHAT.test(id);
}

/** 0 Llama, 1 Mixtral/Mistral, 2 Gemma, 3 any other chat model: the order `auto` prefers. */
export function familyRank(id: string): number {
  if (/llama/i.test(id)) return 0;
  if (/mixtral|mistral/i.test(id)) return 1;
  if (/gemma/i.test(id)) return 2;
  return 3;
}

export type ReasoningStyle = "gpt-oss" | "qwen3" | undefined;

/** Models that think before answering, and so need their thinking hidden (GROQ-WIRE.md). */
export function reasoningStyle(id: string): ReasoningStyle {
  if (/gpt-oss/i.test(id)) return "gpt-oss";
  if (/qwen-?3|qwq/i.test(id)) return "qwen3";
  return undefined;
}
