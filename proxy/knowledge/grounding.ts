// What the model is given from the site for one message: passages of the page the visitor is on
// and of the site's knowledge, ranked together against the question (and the previous one, for
// follow-ups), the best kept until the token budget is spent. However large the site, the prompt
// grows by the budget at most. The reply's `sources` are the pages of the passages given.
import { parseHttpUrl } from "../http-url.js";
import type { ModelInfo } from "../llm/model-info.js";
import { estimateTextTokens, replyTokenBudget } from "../prompt.js";
import type { DemoKnowledge } from "./demo-knowledge.js";
import type { PassageIndex, ScoredPassage } from "./passage-index.js";
import type { Passage } from "./passages.js";
import type { PageReader } from "./page-reader.js";
import { rankTogether } from "./rerank.js";
import type { SiteKnowledge } from "./site-knowledge.js";

export interface Source {
  title: string;
  url: string;
}

export interface GroundingRequest {
  siteId: string;
  /** The site's explicit origins; undefined (any origin may embed the widget): no page is read but the proxy's own. */
  siteOrigins: readonly string[] | undefined;
  /** The origins the proxy itself was reached on (its demo pages). */
  ownOrigins: readonly string[];
  pageUrl: string | undefined;
  question: string;
  earlierQuestion: string | undefined;
  budgetTokens: number;
}

export interface Grounding {
  /** A system message for the model; undefined when the site has nothing to say about anything. */
  instructions: string | undefined;
  sources: Source[];
}

export interface Grounder {
  ground(request: GroundingRequest): Promise<Grounding>;
}

export interface GrounderDeps {
  pages: PageReader;
  knowledge: SiteKnowledge;
  demo: DemoKnowledge | undefined;
}

const CANDIDATES = 20;
/** A passage scoring under this share of the best one is noise (one common word matched). */
const MIN_RELATIVE_SCORE = 0.3;
const MAX_SOURCES = 5;
const MAX_GROUNDING_TOKENS = 1500;

/** A quarter of what the model's window leaves after the reply, and never more than 1,500 tokens. */
export function groundingBudget(model: ModelInfo): number {
  return Math.min(MAX_GROUNDING_TOKENS, Math.floor((model.contextWindow - replyTokenBudget(model)) / 4));
}

export function createGrounder({ pages, knowledge, demo }: GrounderDeps): Grounder {
  return {
    async ground(request) {
      const page = request.pageUrl === undefined ? undefined : parseHttpUrl(request.pageUrl);
      const onOwnOrigin = page !== undefined && request.ownOrigins.includes(page.origin);
      const [pagePassages, siteIndex, demoIndex] = await Promise.all([
        page && readablePage(request, page, onOwnOrigin) ? pages.read(page.href, [...(request.siteOrigins ?? []), ...request.ownOrigins]) : undefined,
        knowledge.indexFor(request.siteId),
        onOwnOrigin && demo ? demo.indexFor(page.origin) : undefined,
      ]);
      const indexes = [siteIndex, demoIndex].filter((index): index is PassageIndex => index !== undefined);
      if (indexes.length === 0 && !pagePassages?.length) return { instructions: undefined, sources: [] };

      const ranked = rank(request, indexes, pagePassages ?? []);
      const chosen = withinBudget(ranked, request.budgetTokens);
      return { instructions: describe(chosen.texts), sources: sourcesOf(chosen.passages) };
    },
  };
}

// The proxy's own API and admin pages are never "the page the visitor is on".
function readablePage(request: GroundingRequest, page: URL, onOwnOrigin: boolean): boolean {
  if (!onOwnOrigin) return request.siteOrigins !== undefined;
  return !page.pathname.startsWith("/api/") && !page.pathname.startsWith("/admin");
}

// Scores from different indexes do not compare, so when there is more than one list the
// candidates are ranked again together (rerank.ts).
function rank(request: GroundingRequest, indexes: PassageIndex[], pagePassages: Passage[]): ScoredPassage[] {
  const search = (index: PassageIndex) => index.search(request.question, request.earlierQuestion, CANDIDATES);
  if (pagePassages.length === 0 && indexes.length === 1) return search(indexes[0]!);
  // The page as it is now wins over what was indexed of it earlier.
  const live = new Set(pagePassages.map((passage) => passage.url));
  const candidates = [...pagePassages, ...indexes.flatMap(search).map(({ passage }) => passage).filter((passage) => !live.has(passage.url))];
  return rankTogether(candidates, request.question, request.earlierQuestion, CANDIDATES);
}

/** The passages that fit, and their text as the model gets it (formatted once, counted as sent). */
function withinBudget(ranked: ScoredPassage[], budgetTokens: number): { passages: Passage[]; texts: string[] } {
  const best = ranked[0]?.score ?? 0;
  const chosen = { passages: [] as Passage[], texts: [] as string[] };
  let left = budgetTokens - estimateTextTokens(PREAMBLE);
  for (const { passage, score } of ranked) {
    if (score < best * MIN_RELATIVE_SCORE) break;
    const text = formatPassage(passage, chosen.passages.length + 1);
    // Counted with the blank line that joins it to the one before.
    const cost = estimateTextTokens(`\n\n${text}`);
    if (cost > left) continue;
    chosen.passages.push(passage);
    chosen.texts.push(text);
    left -= cost;
  }
  return chosen;
}

/** How the passages message starts (the offline provider finds it by this). */
export const PASSAGES_HEADING = "Passages from this website";

const PREAMBLE =
  `${PASSAGES_HEADING} that match the visitor's question, best first. Answer from them and name the page you used. ` +
  "If they do not contain the answer, say that the site does not say, instead of guessing.";

const NOTHING_FOUND =
  "Nothing on this website matches the visitor's question. If it is about the website or its products, say you could not find it on the site instead of guessing.";

function describe(texts: string[]): string {
  if (texts.length === 0) return NOTHING_FOUND;
  return [PREAMBLE, ...texts].join("\n\n");
}

function formatPassage(passage: Passage, number: number): string {
  const name = passage.heading ? `${passage.title} › ${passage.heading}` : passage.title;
  return [`[${number}] ${name}`, passage.url ? `URL: ${passage.url}` : "From the site's documents", passage.text].join("\n");
}

function sourcesOf(chosen: Passage[]): Source[] {
  const sources = new Map<string, Source>();
  for (const passage of chosen) {
    if (passage.url && !sources.has(passage.url) && sources.size < MAX_SOURCES) sources.set(passage.url, { title: passage.title, url: passage.url });
  }
  return [...sources.values()];
}

