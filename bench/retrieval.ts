// Retrieval: what grounding adds to one chat message (the current page from the page cache, the
// site's knowledge ranked, the passages chosen within the budget) with 20, 200 and 2,000 pages
// indexed. 20 pages is the baseline; the target is at most 5 ms at 2,000 pages. Pages are
// synthetic (six sections of about 80 words from a 3,000-word vocabulary), questions are six
// words from the same vocabulary; the current page is served by a local server and read once.
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { systemClock } from "../proxy/clock.js";
import { createGrounder, groundingBudget } from "../proxy/knowledge/grounding.js";
import { emptyKnowledge, type KnowledgeStore, type StoredPage } from "../proxy/knowledge/knowledge-store.js";
import { createPageReader } from "../proxy/knowledge/page-reader.js";
import { createSafeFetch } from "../proxy/knowledge/safe-fetch.js";
import { createSiteKnowledge } from "../proxy/knowledge/site-knowledge.js";
import { shippedModel } from "../proxy/llm/model-info.js";
import type { Figure } from "./lib/result.js";
import { median, spread } from "./lib/stats.js";

const SUITE = "retrieval";
const LEVELS = [20, 200, 2_000];
const QUESTIONS = 400;
const TARGET_MS = 5;

// A deterministic generator, so every run ranks the same texts.
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}
const next = random(42);
const syllables = ["ka", "te", "lo", "mi", "ru", "sa", "ne", "po", "di", "va", "gu", "re", "fo", "shi", "ta", "be"];
const vocabulary = Array.from({ length: 3_000 }, () =>
  Array.from({ length: 2 + Math.floor(next() * 3) }, () => syllables[Math.floor(next() * syllables.length)]).join(""),
);
const word = () => vocabulary[Math.floor(next() ** 2 * vocabulary.length)]!;
const words = (count: number) => Array.from({ length: count }, word).join(" ");

function page(number: number, origin: string): StoredPage {
  const blocks: StoredPage["blocks"] = [];
  for (let section = 0; section < 6; section++) {
    blocks.push({ kind: "heading", level: 2, text: words(3) });
    for (let paragraph = 0; paragraph < 2; paragraph++) blocks.push({ kind: "text", text: `${words(40)}.` });
  }
  return { sourceId: "k1", url: `${origin}/page-${number}.html`, title: words(4), blocks };
}

export async function retrieval(): Promise<Figure[]> {
  const html = `<!doctype html><title>Current page</title><main>${Array.from({ length: 6 }, () => `<h2>${words(3)}</h2><p>${words(80)}</p>`).join("")}</main>`;
  const server = createServer((_request, response) => response.writeHead(200, { "Content-Type": "text/html" }).end(html));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const budgetTokens = groundingBudget(shippedModel("llama-3.3-70b-versatile")!);
  const questions = Array.from({ length: QUESTIONS }, () => words(6));
  const results: { pages: number; times: number[]; buildMs: number; promptTokens: number }[] = [];
  try {
    for (const pages of LEVELS) {
      const document = { ...emptyKnowledge(), pages: Array.from({ length: pages }, (_, n) => page(n, origin)) };
      const store: KnowledgeStore = { read: async () => document, change: () => Promise.reject(new Error("read only")), version: async () => "1" };
      const grounder = createGrounder({
        pages: createPageReader({ fetch: createSafeFetch(), clock: systemClock }),
        knowledge: createSiteKnowledge({ store, clock: systemClock, recheckMs: 60_000 }),
        demo: undefined,
      });
      const request = (question: string) => ({
        siteId: "bench", siteOrigins: [origin], ownOrigins: [], pageUrl: `${origin}/current.html`, question, earlierQuestion: undefined, budgetTokens,
      });
      const built = performance.now();
      await grounder.ground(request(questions[0]!)); // builds the index and reads the page once
      const buildMs = performance.now() - built;
      for (const question of questions.slice(0, 50)) await grounder.ground(request(question)); // JIT warm-up
      const times: number[] = [];
      let promptTokens = 0;
      for (const question of questions) {
        const start = performance.now();
        const grounding = await grounder.ground(request(question));
        times.push(performance.now() - start);
        promptTokens = Math.max(promptTokens, Math.ceil((grounding.instructions?.length ?? 0) / 4));
      }
      results.push({ pages, times, buildMs, promptTokens });
    }
  } finally {
    server.close();
  }
  const baseline = results[0]!;
  return results.map((result) => {
    const value = median(result.times);
    const atTarget = result.pages === LEVELS.at(-1);
    return {
      suite: SUITE,
      name: `grounding per message, ${result.pages.toLocaleString("en")} pages indexed`,
      value: Number(value.toFixed(3)),
      unit: "ms",
      ...(result !== baseline && { baseline: { name: `${baseline.pages} pages`, value: Number(median(baseline.times).toFixed(3)) } }),
      spread: spread(result.times, 3),
      note: `index built in ${Math.round(result.buildMs)} ms; passages ≤ ${result.promptTokens} tokens (budget ${budgetTokens})`,
      ...(atTarget && { target: { text: `≤ ${TARGET_MS} ms`, met: value <= TARGET_MS } }),
    };
  });
}
