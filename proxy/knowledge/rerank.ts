// Ranking a message's candidates together: the passages of the page the visitor is on and the
// best ones of the site's indexes. Scores of different indexes do not compare (each has its own
// term statistics), so the few dozen candidates are scored again with BM25 over themselves. That
// is direct arithmetic on term counts kept per passage: building a MiniSearch index for them
// would cost about 2 ms on every message.
import { passageTerms, questionTerms, type ScoredPassage } from "./passage-index.js";
import type { Passage } from "./passages.js";

const K1 = 1.2;
const B = 0.75;
const EARLIER_QUESTION_WEIGHT = 0.5;

interface TermCounts {
  counts: Map<string, number>;
  length: number;
}

// Passages are immutable and shared (a page stays cached for ten minutes, the site's for hours).
const termCounts = new WeakMap<Passage, TermCounts>();

function countsOf(passage: Passage): TermCounts {
  let known = termCounts.get(passage);
  if (!known) {
    const terms = passageTerms(passage);
    const counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    known = { counts, length: terms.length };
    termCounts.set(passage, known);
  }
  return known;
}

export function rankTogether(passages: readonly Passage[], question: string, earlier: string | undefined, limit: number): ScoredPassage[] {
  const documents = passages.map(countsOf);
  const averageLength = documents.reduce((sum, document) => sum + document.length, 0) / Math.max(1, documents.length);
  const scores = new Array<number>(passages.length).fill(0);
  const add = (query: string, weight: number) => {
    for (const term of questionTerms(query)) {
      const containing = documents.filter((document) => document.counts.has(term)).length;
      if (containing === 0) continue;
      const idf = Math.log(1 + (documents.length - containing + 0.5) / (containing + 0.5));
      documents.forEach((document, index) => {
        const frequency = document.counts.get(term) ?? 0;
        if (frequency === 0) return;
        const norm = K1 * (1 - B + (B * document.length) / averageLength);
        scores[index]! += weight * idf * ((frequency * (K1 + 1)) / (frequency + norm));
      });
    }
  };
  add(question, 1);
  if (earlier) add(earlier, EARLIER_QUESTION_WEIGHT);
  return passages
    .map((passage, index) => ({ passage, score: scores[index]! }))
    .filter((scored) => scored.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}
