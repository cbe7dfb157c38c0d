import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCrawler } from "../../../proxy/knowledge/crawl.js";
import { buildPassageIndex, type PassageIndex } from "../../../proxy/knowledge/passage-index.js";
import { createSafeFetch } from "../../../proxy/knowledge/safe-fetch.js";
import { sitePassages } from "../../../proxy/knowledge/site-knowledge.js";
import { PROMO, startForbiddenServer, startKnowledgeSite, TOPICS, type ForbiddenServer, type KnowledgeSite } from "../../helpers/knowledge-site.js";

let site: KnowledgeSite;
let forbidden: ForbiddenServer;
let index: PassageIndex;
let allText: string;

beforeAll(async () => {
  forbidden = await startForbiddenServer();
  site = await startKnowledgeSite(forbidden.origin);
  const crawler = createCrawler({ fetch: createSafeFetch({ timeoutMs: 300 }), origins: [site.origin] });
  const { urls } = await crawler.sitemapUrls(site.url("/sitemap.xml"));
  const { pages } = await crawler.pages(urls, "k1");
  index = await buildPassageIndex(sitePassages(pages));
  allText = JSON.stringify(index.search(TOPICS.map((topic) => topic.question).join(" "), undefined, 1000));
});
afterAll(async () => {
  await site.close();
  await forbidden.close();
});

describe("ranking the test site's passages", () => {
  it.each(TOPICS.map((topic) => [topic.question, topic.path]))("%s → %s", (question, path) => {
    expect(index.search(question)[0]?.passage.url).toBe(site.url(path));
  });

  it("uses the previous question for a follow-up that names nothing itself", () => {
    expect(index.search("And how long does it take?", "Do you deliver to Canada?")[0]?.passage.url).toBe(site.url("/shipping.html"));
  });

  it("drops the promo line repeated on every page, and the navigation", () => {
    expect(allText).not.toContain(PROMO);
    expect(allText).not.toContain("Careers Tea Club");
  });

  it("finds nothing for a question about nothing on the site", () => {
    expect(index.search("quantum chromodynamics")).toEqual([]);
  });
});
