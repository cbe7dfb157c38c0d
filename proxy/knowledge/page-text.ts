// A page's main text as a list of headings and text blocks: HTML parsed by linkedom (a
// server-side DOM), the main content found by Mozilla Readability (the Firefox reader view), and
// the result walked in document order. Nothing here runs the page's scripts or loads anything.
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { PageFetchError } from "./fetch-policy.js";

export type Block = { kind: "heading"; level: number; text: string } | { kind: "text"; text: string };

export interface PageText {
  title: string;
  blocks: Block[];
}

// Readability keeps only a page's main content; a page it finds too short to judge (a small
// product page) is read whole, less the parts that are never content.
const NEVER_CONTENT = "script, style, noscript, template, svg, nav, header, footer, aside, form, iframe, button";
const LEAF_BLOCKS = new Set(["P", "LI", "DD", "TR", "PRE", "BLOCKQUOTE", "FIGCAPTION", "CAPTION", "TD", "TH"]);
const MIN_READABLE_CHARACTERS = 200;

const HTML = /\b(text\/html|application\/xhtml\+xml)\b/i;

/** The text of a fetched page (`requested`: the URL asked for, named in a refusal); PageFetchError when it is not HTML. */
export function fetchedPageText(requested: string, document: { url: string; contentType: string; body: string }): PageText {
  if (!HTML.test(document.contentType)) throw new PageFetchError(requested, `is ${document.contentType || "of no declared type"}, not HTML`);
  return htmlToPageText(document.body, new URL(document.url).pathname);
}

export function htmlToPageText(html: string, fallbackTitle: string): PageText {
  const { document } = parseHTML(html);
  // Readability rewrites the document it reads: the title is taken first.
  const title = clean(document.querySelector("title")?.textContent ?? "") || fallbackTitle;
  const article = new Readability(document as unknown as Document, { charThreshold: MIN_READABLE_CHARACTERS }).parse();
  const readable = article?.content ? blocksOf(parseHTML(`<!doctype html><html><body>${article.content}</body></html>`).document.body) : [];
  if (textLength(readable) >= MIN_READABLE_CHARACTERS) return { title, blocks: readable };
  return { title, blocks: wholePageBlocks(html) ?? readable };
}

function wholePageBlocks(html: string): Block[] | undefined {
  const { document } = parseHTML(html);
  for (const element of Array.from(document.querySelectorAll(NEVER_CONTENT))) element.remove();
  const body = document.querySelector("main") ?? document.body;
  return body ? blocksOf(body) : undefined;
}

// linkedom's element type is its own; only what this walk uses is named.
interface Walkable {
  nodeType: number;
  tagName?: string;
  textContent: string | null;
  childNodes: ArrayLike<Walkable>;
}

function blocksOf(root: unknown): Block[] {
  const blocks: Block[] = [];
  const walk = (node: Walkable) => {
    if (node.nodeType === 3) {
      const text = clean(node.textContent ?? "");
      if (text) blocks.push({ kind: "text", text });
      return;
    }
    if (node.nodeType !== 1) return;
    const tag = node.tagName?.toUpperCase() ?? "";
    // A definition list's term heads its answer, as in a FAQ: each question and answer becomes a
    // section of its own, below any h1–h6 (level 7).
    const heading = tag === "DT" ? "7" : /^H([1-6])$/.exec(tag)?.[1];
    if (heading) {
      const text = clean(node.textContent ?? "");
      if (text) blocks.push({ kind: "heading", level: Number(heading), text });
      return;
    }
    if (LEAF_BLOCKS.has(tag)) {
      const text = clean(textWithGaps(node));
      // A block that is nothing but links is navigation or a button ("Buy now"), not content.
      if (text && clean(linkText(node)) !== text) blocks.push({ kind: "text", text });
      return;
    }
    for (const child of Array.from(node.childNodes)) walk(child);
  };
  walk(root as Walkable);
  return blocks;
}

// Cells, items and line breaks inside one block are separated by a space, or a table row
// would read "Capacity1.2 litres".
const SPACED = new Set(["TD", "TH", "LI", "BR", "DT", "DD", "P", "DIV"]);

function textWithGaps(node: Walkable): string {
  if (node.nodeType === 3) return node.textContent ?? "";
  const inner = Array.from(node.childNodes).map(textWithGaps).join("");
  return SPACED.has(node.tagName?.toUpperCase() ?? "") ? `${inner} ` : inner;
}

function linkText(node: Walkable): string {
  if (node.nodeType !== 1) return "";
  if (node.tagName?.toUpperCase() === "A") return `${textWithGaps(node)} `;
  return Array.from(node.childNodes).map(linkText).join("");
}

function textLength(blocks: Block[]): number {
  return blocks.reduce((sum, block) => sum + block.text.length, 0);
}

export function clean(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
