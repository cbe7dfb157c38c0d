// Pages become passages: one per section (split on headings, each passage named by its heading
// path, "Plans › Kettle Pro"), long sections cut at block boundaries. Text that repeats on most
// pages of a site (navigation, footers, cookie banners that Readability kept) is boilerplate and
// dropped before chunking.
import type { Block } from "./page-text.js";

export interface KnowledgePage {
  /** Where the passage links to; undefined for a local file (not a page a visitor can open). */
  url: string | undefined;
  title: string;
  blocks: Block[];
}

export interface Passage {
  id: string;
  url: string | undefined;
  title: string;
  /** The headings above the text, outermost first, joined with " › ". */
  heading: string;
  text: string;
}

/** About 250 tokens: small enough that several fit a budget, large enough to carry a section. */
export const MAX_PASSAGE_CHARACTERS = 1000;

/** Text blocks found on at least half of the pages (and on two or more). */
export function repeatedBlocks(pages: readonly KnowledgePage[]): Set<string> {
  const counts = new Map<string, number>();
  for (const page of pages) {
    const seen = new Set(page.blocks.filter((block) => block.kind === "text").map((block) => block.text));
    for (const text of seen) counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  const threshold = Math.max(2, Math.ceil(pages.length / 2));
  return new Set([...counts].filter(([, count]) => count >= threshold).map(([text]) => text));
}

export function pagePassages(page: KnowledgePage, idPrefix: string, boilerplate: ReadonlySet<string> = new Set()): Passage[] {
  const passages: Passage[] = [];
  const headings: { level: number; text: string }[] = [];
  let texts: string[] = [];
  let length = 0;
  const flush = () => {
    if (texts.length > 0) {
      passages.push({
        id: `${idPrefix}#${passages.length}`,
        url: page.url,
        title: page.title,
        heading: headings.map((heading) => heading.text).join(" › "),
        text: texts.join("\n"),
      });
    }
    texts = [];
    length = 0;
  };
  for (const block of page.blocks) {
    if (block.kind === "heading") {
      flush();
      while (headings.length > 0 && headings.at(-1)!.level >= block.level) headings.pop();
      headings.push({ level: block.level, text: block.text });
      continue;
    }
    if (boilerplate.has(block.text)) continue;
    for (const piece of splitLong(block.text)) {
      if (length + piece.length > MAX_PASSAGE_CHARACTERS) flush();
      texts.push(piece);
      length += piece.length + 1;
    }
  }
  flush();
  return passages;
}

// A single block longer than a passage (a wall of text) is cut at sentence ends where it can be.
function splitLong(text: string): string[] {
  if (text.length <= MAX_PASSAGE_CHARACTERS) return [text];
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > MAX_PASSAGE_CHARACTERS) {
    const window = rest.slice(0, MAX_PASSAGE_CHARACTERS);
    const sentenceEnd = window.lastIndexOf(". ");
    const cut = sentenceEnd > MAX_PASSAGE_CHARACTERS / 2 ? sentenceEnd + 1 : window.lastIndexOf(" ") > 0 ? window.lastIndexOf(" ") : MAX_PASSAGE_CHARACTERS;
    pieces.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) pieces.push(rest);
  return pieces;
}
