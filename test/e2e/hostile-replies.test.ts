// Model output is untrusted: a reply full of XSS payloads must run nothing on the host page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { openWidgetPage, startE2e, type E2e } from "../helpers/e2e.js";
import { hostPage } from "../helpers/host-page.js";
import type { PageProblems } from "../helpers/browser.js";
import type { WidgetDriver } from "../helpers/widget-driver.js";
import { safeLinkHref, safeLinkText, xssCorpus } from "../helpers/xss-corpus.js";

interface RenderedReply {
  pwned: unknown;
  links: { href: string; target: string; rel: string }[];
  dangerousElements: string[];
  dangerousAttributes: string[];
}

describe("hostile replies", () => {
  let e2e: E2e;
  let page: Page;
  let problems: PageProblems;
  let widget: WidgetDriver;

  beforeAll(async () => {
    e2e = await startE2e();
    ({ page, problems, widget } = await openWidgetPage(e2e.browser));
    await page.goto(e2e.site.page("/", hostPage({ proxyOrigin: e2e.proxy.origin })));
    await widget.open();
    e2e.proxy.groq.reply(xssCorpus);
    await widget.send("Say something dangerous");
    await widget.waitForReply(safeLinkText);
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it("execute nothing when streamed in", async () => {
    const rendered = await inspectWidget(page);

    expect(rendered.pwned).toBeUndefined();
    expect(problems.dialogs).toEqual([]);
    expect(rendered.dangerousElements).toEqual([]);
    expect(rendered.dangerousAttributes).toEqual([]);
  });

  it("leave only http(s) links that open in a new tab without an opener", async () => {
    const { links } = await inspectWidget(page);

    expect(links.map((link) => link.href)).toContain(safeLinkHref);
    for (const link of links) {
      expect(link.href).toMatch(/^https?:\/\//);
      expect(link.target).toBe("_blank");
      expect(link.rel.split(/\s+/)).toEqual(expect.arrayContaining(["noopener", "noreferrer"]));
    }
  });

  it("execute nothing when restored from history after a reload", async () => {
    await page.reload();
    await widget.open();
    await widget.log.getByText(safeLinkText).waitFor();

    const rendered = await inspectWidget(page);

    expect(rendered.pwned).toBeUndefined();
    expect(problems.dialogs).toEqual([]);
    expect(rendered.dangerousElements).toEqual([]);
    expect(rendered.dangerousAttributes).toEqual([]);
    expect(rendered.links.every((link) => /^https?:\/\//.test(link.href))).toBe(true);
  });

  it("do nothing when their leftovers are clicked", async () => {
    for (const text of ["markdown link", "html link", "click me"]) {
      const leftover = widget.log.getByText(text, { exact: true });
      if ((await leftover.count()) > 0) await leftover.first().click();
    }

    expect((await inspectWidget(page)).pwned).toBeUndefined();
    expect(problems.dialogs).toEqual([]);
  });
});

/** Walks the widget's shadow root (and the page) for anything that could run code. */
function inspectWidget(page: Page): Promise<RenderedReply> {
  return page.evaluate(() => {
    const root = document.getElementById("chat-widget-root")?.shadowRoot;
    if (!root) throw new Error("no open shadow root on #chat-widget-root");
    const urlAttributes = ["href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"];
    const dangerousElements = [
      ...root.querySelectorAll("script, iframe, object, embed, base, meta, frame, frameset"),
      ...document.querySelectorAll("body > iframe, body > script:not([src])"),
    ].map((element) => element.outerHTML.slice(0, 120));
    const dangerousAttributes = [...root.querySelectorAll("*")].flatMap((element) =>
      [...element.attributes]
        .filter(
          (attribute) =>
            attribute.name.startsWith("on") ||
            (urlAttributes.includes(attribute.name) && /^\s*(javascript|data|vbscript):/i.test(attribute.value)),
        )
        .map((attribute) => `${element.tagName.toLowerCase()}[${attribute.name}="${attribute.value.slice(0, 60)}"]`),
    );
    // An <a> whose unsafe href the sanitiser removed is inert text; only real links matter.
    const links = [...root.querySelectorAll("a[href]")].map((link) => ({
      href: link.getAttribute("href") ?? "",
      target: link.getAttribute("target") ?? "",
      rel: link.getAttribute("rel") ?? "",
    }));
    return { pwned: (window as unknown as { __pwned?: unknown }).__pwned, links, dangerousElements, dangerousAttributes };
  });
}
