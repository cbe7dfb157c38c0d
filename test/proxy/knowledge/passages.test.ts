import { describe, expect, it } from "vitest";
import { htmlToPageText } from "../../../proxy/knowledge/page-text.js";
import { MAX_PASSAGE_CHARACTERS, pagePassages, repeatedBlocks } from "../../../proxy/knowledge/passages.js";

const page = `<!doctype html><html><head><title>Care guide</title><script>var secret = "token";</script><style>p{}</style></head><body>
<nav><a href="/">Home</a> <a href="/care">Care</a></nav>
<main>
  <h1>Looking after your kettle</h1>
  <p>Wipe the outside with a soft cloth. Never put the base in water.</p>
  <h2>Descaling</h2>
  <p>Boil water with citric acid once a month.</p>
  <p><a href="/shop">Buy descaler</a></p>
  <h3>Hard water areas</h3>
  <ul><li>Descale every two weeks.</li><li>Use filtered water.</li></ul>
  <table><tr><th>Capacity</th><td>1.2 litres</td></tr></table>
  <h2>Storage</h2>
  <p>Keep it dry and unplugged.</p>
</main>
<footer>© Acme</footer></body></html>`;

describe("reading a page", () => {
  const text = htmlToPageText(page, "/care");

  it("keeps the main text and headings in order, without scripts, navigation or link-only blocks", () => {
    expect(text.title).toBe("Care guide");
    const all = JSON.stringify(text.blocks);
    expect(all).not.toContain("secret");
    expect(all).not.toContain("Buy descaler");
    expect(all).not.toContain("© Acme");
    expect(text.blocks.filter((block) => block.kind === "heading").map((block) => block.text)).toEqual([
      "Looking after your kettle",
      "Descaling",
      "Hard water areas",
      "Storage",
    ]);
    expect(text.blocks).toContainEqual({ kind: "text", text: "Capacity 1.2 litres" });
  });

  it("cuts passages on headings, each named by its heading path", () => {
    const passages = pagePassages({ url: "https://acme.test/care", ...text }, "care");
    // Readability turns the page's h1 into an h2, a sibling of the sections below it.
    expect(passages.map((passage) => passage.heading)).toEqual(["Looking after your kettle", "Descaling", "Descaling › Hard water areas", "Storage"]);
    expect(passages[2]).toMatchObject({ url: "https://acme.test/care", title: "Care guide", text: "Descale every two weeks.\nUse filtered water.\nCapacity 1.2 litres" });
  });

  it("makes each question of a FAQ (a definition list) a passage of its own", () => {
    const faq = `<html><head><title>Help</title></head><body><main><h2>Questions</h2><dl>
      <dt>Can I return it?</dt><dd>Yes, within 30 days.</dd>
      <dt>Which plugs do you ship?</dt><dd>US, EU and UK.</dd></dl></main></body></html>`;
    const passages = pagePassages({ url: "https://acme.test/help", ...htmlToPageText(faq, "/help") }, "help");
    expect(passages.map(({ heading, text }) => ({ heading, text }))).toEqual([
      { heading: "Questions › Can I return it?", text: "Yes, within 30 days." },
      { heading: "Questions › Which plugs do you ship?", text: "US, EU and UK." },
    ]);
  });

  it("cuts a long section into passages of at most 1,000 characters", () => {
    const long = Array.from({ length: 60 }, (_, n) => `Sentence number ${n} about tea and kettles.`).join(" ");
    const passages = pagePassages({ url: undefined, title: "Long", blocks: [{ kind: "text", text: long }] }, "long");
    expect(passages.length).toBeGreaterThan(2);
    expect(passages.every((passage) => passage.text.length <= MAX_PASSAGE_CHARACTERS)).toBe(true);
    expect(passages.map((passage) => passage.text).join(" ")).toBe(long);
  });

  it("finds text repeated on at least half of the pages as boilerplate", () => {
    const block = (text: string) => ({ kind: "text" as const, text });
    const pages = [
      { url: "a", title: "A", blocks: [block("Subscribe to our newsletter"), block("About A")] },
      { url: "b", title: "B", blocks: [block("Subscribe to our newsletter"), block("About B")] },
      { url: "c", title: "C", blocks: [block("About C")] },
    ];
    expect([...repeatedBlocks(pages)]).toEqual(["Subscribe to our newsletter"]);
  });
});
