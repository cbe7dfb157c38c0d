// The Groq test double in its own process, so its CPU time never counts as the proxy's.
// Commands from the parent change how it answers: `{ text, delayMs }` (delayMs: a pause before
// the streamed reply, which comes in one chunk, as a model that takes that long to start would).
import { startGroqDouble } from "../../test/helpers/groq-double.js";
import { answerParent } from "../lib/child.js";

export interface DoubleReply {
  text: string;
  delayMs?: number;
}

const groq = await startGroqDouble();
// The double records every request for tests to read; a benchmark sends hundreds of thousands.
setInterval(() => groq.requests.splice(0), 1000).unref();
answerParent(groq.url, (command) => {
  const { text, delayMs } = command as DoubleReply;
  groq.reply(text, delayMs ? { chunks: [text], chunkDelayMs: delayMs } : {});
});
