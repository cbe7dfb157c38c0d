// BM25 ranking of passages (MiniSearch). Terms are lower-cased, common English function words
// dropped and plurals folded ("plans" finds "plan"), so a short question's few real words decide.
// A passage's heading path counts twice and its page title one and a half times as much as its
// text (BM25 per field, so a word in a short heading weighs more than the same word in a long text).
//
// Speed: MiniSearch spends about a microsecond on every passage a query term matches. A term found
// in a large share of a big site's passages ("kettle" on a kettle shop) matches thousands and
// says little about which one answers (BM25 gives it almost no weight), so such terms are left
// out of the query when rarer ones are there: the same idea as Lucene's common-terms query. That
// keeps a message under the 5 ms target at 2,000 pages (npm run bench).
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
   * follow-ups such as "and how long does it take?") counts at half weight.
   */
  search(question: string, earlier?: string, limit?: number): ScoredPassage[];
}

const EARLIER_QUESTION_WEIGHT = 0.5;
/** A term in more passages than this (and than 2% of them) is common: left out when rarer ones are asked. */
const COMMON_TERM_MIN_PASSAGES = 100;
const COMMON_TERM_SHARE = 0.02;

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

function searchTerm(term: string): string | null {
  const lower = term.toLowerCase();
  if (STOP_WORDS.has(lower)) return null;
  const singular = lower.length > 4 && lower.endsWith("ies") ? `${lower.slice(0, -3)}y`
    : lower.length > 3 && lower.endsWith("s") && !/(ss|us|is)$/.test(lower) ? lower.slice(0, -1)
    : lower;
  return SAME_TERM[singular] ?? singular;
}

const tokenize = MiniSearch.getDefault("tokenize") as (text: string) => string[];


/** The distinct search terms of a question. */
export function questionTerms(question: string): string[] {
  return [...new Set(tokenize(question).map(searchTerm).filter((term): term is string => term !== null))];
}

export const FIELD_BOOSTS = { heading: 2, title: 1.5, text: 1 } as const;
export type Field = keyof typeof FIELD_BOOSTS;
export const FIELDS = Object.keys(FIELD_BOOSTS) as Field[];

/** The search terms of one field of a passage, as the index counts them. */
export function fieldTerms(passage: Passage, field: Field): string[] {
  return tokenize(passage[field]).map(searchTerm).filter((term): term is string => term !== null);
}

const PASSAGES_PER_TURN = 200;

/**
 * For a whole site: thousands of passages take seconds to index, so the work is cut into turns
 * of the event loop and the proxy keeps answering meanwhile.
 */
export async function buildPassageIndex(passages: readonly Passage[]): Promise<PassageIndex> {
  const builder = indexBuilder(passages);
  for (let start = 0; start < passages.length; start += PASSAGES_PER_TURN) {
    for (const passage of passages.slice(start, start + PASSAGES_PER_TURN)) builder.add(passage);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return builder.done();
}

function indexBuilder(passages: readonly Passage[]) {
  const byId = new Map(passages.map((passage) => [passage.id, passage]));
  // How many passages each term is in, counted while MiniSearch indexes them.
  const passagesWith = new Map<string, number>();
  let seen: Set<string> | undefined;
  const index = new MiniSearch<Passage>({
    fields: FIELDS,
    storeFields: [],
    processTerm: (term) => {
      const processed = searchTerm(term);
      if (processed !== null && seen) seen.add(processed);
      return processed;
    },
  });
  return {
    add(passage: Passage) {
      seen = new Set();
      index.add(passage);
      for (const term of seen) passagesWith.set(term, (passagesWith.get(term) ?? 0) + 1);
      seen = undefined;
    },
    done: () => searchable(index, byId, passagesWith),
  };
}

function searchable(index: MiniSearch<Passage>, byId: Map<string, Passage>, passagesWith: Map<string, number>): PassageIndex {
  const common = Math.max(COMMON_TERM_MIN_PASSAGES, byId.size * COMMON_TERM_SHARE);

  const queryTerms = (question: string): string[] => {
    const terms = questionTerms(question);
    const rare = terms.filter((term) => (passagesWith.get(term) ?? 0) <= common);
    if (rare.length > 0 || terms.length === 0) return rare;
    // Every term is common: the rarest one still ranks.
    return [terms.reduce((a, b) => ((passagesWith.get(a) ?? 0) <= (passagesWith.get(b) ?? 0) ? a : b))];
  };

  const scores = (question: string) => {
    const terms = queryTerms(question);
    if (terms.length === 0) return new Map<string, number>();
    // The terms are processed already: MiniSearch must not fold them a second time.
    const results = index.search({ queries: terms, combineWith: "OR" }, { processTerm: (term) => term, boost: FIELD_BOOSTS });
    return new Map(results.map((result) => [result.id as string, result.score]));
  };

  return {
    size: byId.size,
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
