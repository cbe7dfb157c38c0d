// Thinking is never the reply. Reasoning models asked to hide it usually do; some servers
// (Ollama, vLLM, Groq's `raw` format) still put it in the content as `<think>…</think>`, and a
// stream may split either tag across chunks. This filter passes only the text outside think
// blocks, holding back a chunk's tail while it could still be the start of a tag.
const OPEN = "<think>";
const CLOSE = "</think>";

export interface ThinkFilter {
  /** The part of `text` that is safe to show now. */
  push(text: string): string;
  /** What was held back, once the stream is over (an unclosed think block is dropped). */
  end(): string;
}

export function createThinkFilter(): ThinkFilter {
  let pending = "";
  let thinking = false;
  // After a think block the model usually starts its answer on a new line; that gap is not reply.
  let trimNext = true;

  function take(final: boolean): string {
    let shown = "";
    for (;;) {
      const tag = thinking ? CLOSE : OPEN;
      const at = pending.indexOf(tag);
      if (at !== -1) {
        if (!thinking) shown += pending.slice(0, at);
        pending = pending.slice(at + tag.length);
        thinking = !thinking;
        if (!thinking) trimNext = true;
        continue;
      }
      const keep = final ? 0 : partialTagLength(pending, tag);
      if (!thinking) shown += pending.slice(0, pending.length - keep);
      pending = pending.slice(pending.length - keep);
      break;
    }
    if (trimNext) {
      const trimmed = shown.trimStart();
      if (trimmed !== "") trimNext = false;
      return trimmed;
    }
    return shown;
  }

  return {
    push(text) {
      pending += text;
      return take(false);
    },
    end() {
      return take(true);
    },
  };
}

/** The reply of a whole answer, thinking removed. */
export function withoutThinking(text: string): string {
  const filter = createThinkFilter();
  return filter.push(text) + filter.end();
}

/** How many characters at the end of `text` could begin `tag`. */
function partialTagLength(text: string, tag: string): number {
  for (let length = Math.min(tag.length - 1, text.length); length > 0; length--) {
    if (tag.startsWith(text.slice(text.length - length))) return length;
  }
  return 0;
}
