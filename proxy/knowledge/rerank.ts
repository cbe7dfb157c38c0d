// Ranking a message's candidates together: the passages of the page the visitor is on and the
// best ones of the site's indexes. Scores of different indexes do not compare (each has its own
// term statistics), so the few dozen candidates are scored again over themselves with the
// index's own formula (MiniSearch's BM25+ per field, with the fields' weights, times the number
// of the question's terms matched). That is direct arithmetic on term counts kept per passage:
// building a MiniSearch index for them would cost about 2 ms on every message.
import { FIELD_BOOSTS, FIELDS, fieldTerms, questionTerms, type Field, type ScoredPassage } from "./passage-index.js";
import type { Passage } from "./passages.js";

// MiniSearch's defaults.
const K = 1.2;
const B = 0.7;
const D = 0.5;
const EARLIER_QUESTION_WEIGHT = 0.5;

type FieldCounts = Record<Field, { counts: Map<string, number>; length: number }>;

// Passages are immutable and shared (a page stays cached for ten minutes, the site's for hours).
const termCounts = new WeakMap<Passage, FieldCounts>();

function countsOf(passage: Passage): FieldCounts {
  let known = termCounts.get(passage);
  if (!known) {
    known = {} as FieldCounts;
    for (const field of FIELDS) {
      const terms = fieldTerms(passage, field);
      const counts = new Map<string, number>();
      for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      known[field] = { counts, length: terms.length };
    }
    termCounts.set(passage, known);
  }
  return known;
}

export function rankTogether(passages: readonly Passage[], question: string, earlier: string | undefined, limit: number): ScoredPassage[] {
  const documents = passages.map(countsOf);
  const total = documents.length;
  const averageLength = (field: Field) => Math.max(1, documents.reduce((sum, document) => sum + document[field].length, 0) / Math.max(1, total));
  const averages = Object.fromEntries(FIELDS.map((field) => [field, averageLength(field)])) as Record<Field, number>;
  const scores = new Array<number>(total).fill(0);

  const add = (query: string, weight: number) => {
    const queryScores = new Array<number>(total).fill(0);
    const matched = new Array<number>(total).fill(0);
    for (const term of questionTerms(query)) {
      for (const field of FIELDS) {
        const containing = documents.filter((document) => document[field].counts.has(term)).length;
        if (containing === 0) continue;
        const idf = Math.log(1 + (total - containing + 0.5) / (containing + 0.5));
        documents.forEach((document, index) => {
          const frequency = document[field].counts.get(term) ?? 0;
          if (frequency === 0) return;
          const norm = K * (1 - B + (B * document[field].length) / averages[field]);
          queryScores[index]! += FIELD_BOOSTS[field] * idf * (D + (frequency * (K + 1)) / (frequency + norm));
        });
      }
      documents.forEach((document, index) => {
        if (FIELDS.some((field) => document[field].counts.has(term))) matched[index]!++;
      });
    }
    queryScores.forEach((score, index) => (scores[index]! += weight * score * matched[index]!));
  };

  add(question, 1);
  if (earlier) add(earlier, EARLIER_QUESTION_WEIGHT);
  return passages
    .map((passage, index) => ({ passage, score: scores[index]! }))
    .filter((scored) => scored.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}
