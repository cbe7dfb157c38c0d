import DOMPurify, { type Config } from "dompurify";
import { Marked } from "marked";

// The only place that turns text into HTML. Model output is hostile input: it can be steered by
// anything the visitor or a web page feeds the model, so marked's HTML always goes through a
// strict allow-list before it touches the DOM.

const marked = new Marked({ gfm: true, breaks: true });

// An allow-list, not a block-list: no svg/math/iframe/style/form/input, no class/id/style
// attributes (content must not borrow the widget's own classes to impersonate its controls).
const ALLOWED_TAGS = [
  "a", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
  "img", "kbd", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td", "th",
  "thead", "tr", "ul",
];
const ALLOWED_ATTR = ["href", "src", "alt", "title", "start"];
const LINK_URL = /^(?:https?:|mailto:)/i;
const IMAGE_URL = /^https?:/i;

/**
 * Pages that enforce Trusted Types refuse plain strings wherever HTML is parsed, DOMPurify's own
 * parsing included, so the sanitiser gets a policy of the widget's own. Its own name, because a
 * host page that uses DOMPurify already holds the name "dompurify" (a second one is refused unless
 * the page allows duplicates), and a page's `trusted-types` allow-list can name this one.
 */
const TRUSTED_TYPES_POLICY_NAME = "chat-widget";

type TrustedTypesPolicy = NonNullable<Config["TRUSTED_TYPES_POLICY"]>;
interface TrustedTypesFactory {
  createPolicy(name: string, rules: { createHTML(html: string): string; createScriptURL(url: string): string }): TrustedTypesPolicy;
}

function createTrustedTypesPolicy(): TrustedTypesPolicy | undefined {
  const factory = (globalThis as { trustedTypes?: TrustedTypesFactory }).trustedTypes;
  try {
    return factory?.createPolicy(TRUSTED_TYPES_POLICY_NAME, {
      // Only DOMPurify holds this policy, to parse untrusted HTML into an inert document.
      createHTML: (html) => html,
      // No element that loads a script passes the allow-list, so no script URL is ever blessed.
      createScriptURL: () => "",
    });
  } catch {
    // The page's allow-list leaves this name out: DOMPurify tries its own policy instead.
    return undefined;
  }
}

const trustedTypesPolicy = createTrustedTypesPolicy();
const purify = DOMPurify();
purify.addHook("afterSanitizeAttributes", (node) => {
  if (node.nodeName === "A") {
    const href = node.getAttribute("href");
    if (href !== null && !LINK_URL.test(href)) node.removeAttribute("href");
    if (node.hasAttribute("href")) {
      node.setAttribute("target", "_blank");
      node.setAttribute("rel", "noopener noreferrer");
    }
  }
  // A code block that scrolls sideways must be reachable by keyboard.
  if (node.nodeName === "PRE") node.setAttribute("tabindex", "0");
  if (node.nodeName === "IMG") {
    const src = node.getAttribute("src");
    if (src !== null && !IMAGE_URL.test(src)) node.removeAttribute("src");
    node.setAttribute("loading", "lazy");
    node.setAttribute("referrerpolicy", "no-referrer");
  }
});

/** Markdown from the model → a sanitised fragment, ready to append. */
export function renderMarkdown(markdown: string): DocumentFragment {
  const html = marked.parse(markdown, { async: false });
  return purify.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    // Links and images must be absolute http(s) (links may also be mailto:): no javascript:,
    // data:, or relative URLs that would resolve against the host page.
    ALLOWED_URI_REGEXP: LINK_URL,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    RETURN_DOM_FRAGMENT: true,
    ...(trustedTypesPolicy && { TRUSTED_TYPES_POLICY: trustedTypesPolicy }),
  });
}
