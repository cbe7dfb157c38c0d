// BM25 ranking of passages (MiniSearch). Terms are lower-cased, common English function words
// dropped and plurals folded ("plans" finds "plan"), so a short question's few real words decide.
import MiniSearch from "minisearch";
import type { Passage } from "./passages.js";

export interface ScoredPassage {
  passage: Passage;
  score: number;
}

export interface PassageIndex {
  readonly size: number;
  /**
   * The passages matching `question` best first; `earlier` (the visitor's previous question, for
   * follow-ups such as "and how much is it?") counts at half weight.
   */
  search(question: string, earlier?: string, limit?: number): ScoredPassage[];
}

const EARLIER_QUESTION_WEIGHT = 0.5;

const STOP_WORDS = new Set(
  ("a an and are as at be but by can could did do does for from had has have how i if in into is it its me my " +
    "no not of on or our please so than that the their them then there these they this to us was we were what " +
    "when where which who why will with would you your much many about any some tell know want need")
    .split(" "),
);

// Words a visitor asks with that a shop writes differently ("what does it cost?" on a page
// that says "price"). One word each way, folded to the same term when indexing and searching.
const SAME_TERM: Record<string, string> = {
  cost: "price", pricing: "price", priced: "price", fee: "price", expensive: "price", cheap: "price",
  refund: "return", returning: "return", returned: "return",
  delivery: "shipping", deliver: "shipping", ship: "shipping", shipped: "shipping",
  guarantee: "warranty",
};

export function searchTerm(term: string): string | null {
  const lower = term.toLowerCase();
  if (STOP_WORDS.has(lower)) return null;
  const singular = lower.length > 4 && lower.endsWith("ies") ? `${lower.slice(0, -3)}y`
    : lower.length > 3 && lower.endsWith("s") && !/(ss|us|is)$/.test(lower) ? lower.slice(0, -1)
    : lower;
  return SAME_TERM[singular] ?? singular;
}

export function createPassageIndex(passages: readonly Passage[]): PassageIndex {
  const byId = new Map(passages.map((passage) => [passage.id, passage]));
  const index = new MiniSearch<Passage>({
    fields: ["title", "heading", "text"],
    storeFields: [],
    processTerm: searchTerm,
    searchOptions: { boost: { heading: 2, title: 1.5 }, combineWith: "OR" },
  });
  index.addAll(passages);

  const scores = (query: string) => new Map(index.search(query).map((result) => [result.id as string, result.score]));

  return {
    size: passages.length,
    search(question, earlier, limit = 20) {
      const combined = scores(question);
      if (earlier) {
        for (const [id, score] of scores(earlier)) combined.set(id, (combined.get(id) ?? 0) + score * EARLIER_QUESTION_WEIGHT);
      }
      return [...combined]
        .sort((a, b) => b[1] - a[1])
        .slice(0, limit)
        .map(([id, score]) => ({ passage: byId.get(id)!, score }));
    },
  };
}
