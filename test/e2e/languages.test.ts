// The widget in the visitor's language: chosen from data-lang, <html lang> and the browser's
// language; one table downloaded per page; right-to-left panels mirrored; the model told.
import type { Page, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TABLES } from "../../widget/src/i18n/tables";
import { seriousAxeViolations } from "../helpers/axe.js";
import { saveScreenshot } from "../helpers/browser.js";
import { openWidgetPage, startE2e, type E2e, type WidgetPage } from "../helpers/e2e.js";
import { hostPage } from "../helpers/host-page.js";

const TABLE_CHUNK = /\/chunks\/lang-([a-z]+)-[^/]+\.js$/;

interface LanguagePage extends WidgetPage {
  /** The languages whose tables the page downloaded. */
  tables: string[];
  chatRequests: Request[];
}

describe("languages", () => {
  let e2e: E2e;

  beforeAll(async () => {
    e2e = await startE2e();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  /** A fresh visitor whose browser speaks `browserLocale`, on a page in `lang` with these script attributes. */
  async function visit(options: { lang: string; browserLocale?: string; attributes?: Record<string, string> }): Promise<LanguagePage> {
    const opened = await openWidgetPage(e2e.browser, { locale: options.browserLocale ?? "en-US", viewport: { width: 1280, height: 800 } });
    const tables: string[] = [];
    const chatRequests: Request[] = [];
    opened.page.on("request", (request) => {
      const table = TABLE_CHUNK.exec(new URL(request.url()).pathname);
      if (table) tables.push(table[1]!);
      if (request.url().endsWith("/api/chat")) chatRequests.push(request);
    });
    // The site owner's own texts are left out, so the language's show.
    const attributes = { "data-title": "", "data-greeting": "", ...options.attributes };
    const html = hostPage({ proxyOrigin: e2e.proxy.origin, lang: options.lang, attributes }).replace(/ data-(title|greeting)=""/g, "");
    await opened.page.goto(e2e.site.page(`/${options.lang || "none"}-${Math.random().toString(36).slice(2)}`, html));
    return { ...opened, tables, chatRequests };
  }

  /** Opens the panel by the launcher's name in `language`, and waits for its composer. */
  async function open(page: Page, language: string) {
    await page.getByRole("button", { name: TABLES[language]!.openChat }).click();
    await page.getByRole("textbox", { name: TABLES[language]!.message }).waitFor();
    await page.locator("#chat-widget-root").evaluate(async (host) => {
      await Promise.all((host.shadowRoot?.getAnimations() ?? []).map((animation) => animation.finished.catch(() => undefined)));
    });
  }

  async function sendAndRead(page: Page, language: string, text: string, reply: string) {
    e2e.proxy.groq.reply(reply);
    const input = page.getByRole("textbox", { name: TABLES[language]!.message });
    await input.fill(text);
    await input.press("Enter");
    await page.getByRole("log").getByText(reply, { exact: true }).waitFor();
  }

  it("a German page: German panel, one table, and the model told to answer in German", async () => {
    const { page, problems, tables, chatRequests } = await visit({ lang: "de-DE" });
    await open(page, "de");
    const de = TABLES.de!;
    expect(await page.getByRole("dialog", { name: de.title }).getAttribute("lang")).toBe("de-DE");
    await page.getByText(de.greeting).waitFor();
    expect(await page.getByRole("textbox", { name: de.message }).getAttribute("placeholder")).toBe(de.placeholder);
    await sendAndRead(page, "de", "Was kostet der Versand?", "Der Versand ist kostenlos.");

    expect(tables).toEqual(["de"]);
    expect(chatRequests.at(-1)?.postDataJSON()).toMatchObject({ message: "Was kostet der Versand?", context: { locale: "de-DE" } });
    const prompt = JSON.stringify(e2e.proxy.groq.requests.at(-1)!.body.messages);
    expect(prompt).toContain("The visitor's language is German (Germany) (de-DE)");
    expect([...problems.consoleErrors, ...problems.pageErrors]).toEqual([]);
  });

  it("data-lang wins over <html lang>: a French widget on a German page", async () => {
    const { page, tables, problems } = await visit({ lang: "de", attributes: { "data-lang": "fr" } });
    await open(page, "fr");
    await page.getByRole("dialog", { name: TABLES.fr!.title }).waitFor();
    await page.getByRole("button", { name: TABLES.fr!.send }).waitFor();
    expect(tables).toEqual(["fr"]);
    expect([...problems.consoleErrors, ...problems.pageErrors]).toEqual([]);
  });

  it("data-title, data-greeting and data-placeholder still win on a translated page", async () => {
    const { page } = await visit({ lang: "es", attributes: { "data-title": "Tienda Acme", "data-placeholder": "Pregunta lo que quieras" } });
    await open(page, "es");
    await page.getByRole("dialog", { name: "Tienda Acme" }).waitFor();
    expect(await page.getByRole("textbox", { name: TABLES.es!.message }).getAttribute("placeholder")).toBe("Pregunta lo que quieras");
    await page.getByText(TABLES.es!.greeting).waitFor();
  });

  it("no page language: the browser's (pt-BR → Portuguese)", async () => {
    const { page, tables } = await visit({ lang: "", browserLocale: "pt-BR" });
    await open(page, "pt");
    expect(tables).toEqual(["pt"]);
    await sendAndRead(page, "pt", "Oi", "Olá!");
  });

  it("an unknown language: English, with no errors", async () => {
    const { page, tables, problems, chatRequests } = await visit({ lang: "tlh", browserLocale: "en-US" });
    await open(page, "en");
    await page.getByRole("dialog", { name: TABLES.en!.title }).waitFor();
    await sendAndRead(page, "en", "Hello", "Hello there, in English.");
    expect(tables).toEqual(["en"]);
    expect(chatRequests.at(-1)?.postDataJSON().context.locale).toBe("en-US");
    expect([...problems.consoleErrors, ...problems.pageErrors]).toEqual([]);
    expect(await problems.cspViolations()).toEqual([]);
  });

  describe("right to left", () => {
    /** Boxes of the panel's parts, in CSS pixels of the page. */
    async function layout(page: Page) {
      return page.locator("#chat-widget-root").evaluate((host) => {
        const root = host.shadowRoot!;
        const box = (selector: string) => {
          const rect = root.querySelector(selector)!.getBoundingClientRect();
          return { left: rect.left, right: rect.right };
        };
        const style = (selector: string) => getComputedStyle(root.querySelector(selector)!);
        return {
          direction: style(".cw-panel").direction,
          panel: box(".cw-panel"),
          avatar: box(".cw-avatar"),
          title: box(".cw-title"),
          close: box(".cw-header > .cw-icon-button"),
          input: box(".cw-input"),
          send: box(".cw-send"),
          userBubble: box(".cw-row-user .cw-bubble"),
          assistantBubble: box(".cw-row-assistant:last-child .cw-bubble"),
          userTail: style(".cw-row-user .cw-bubble").borderBottomLeftRadius,
          englishReply: style(".cw-row-assistant:last-child .cw-md").direction,
        };
      });
    }

    it.each(["ar", "he"])("%s: the panel is mirrored, and an English reply inside still reads left to right", async (language) => {
      const { page, tables, problems } = await visit({ lang: language });
      await open(page, language);
      const table = TABLES[language]!;
      await page.getByRole("dialog", { name: table.title }).waitFor();
      await sendAndRead(page, language, language === "ar" ? "ما هي أسعاركم؟" : "כמה זה עולה?", "The Pro plan costs 12 EUR a month.");

      const box = await layout(page);
      expect(box.direction).toBe("rtl");
      // Header: avatar and title on the right, the close button at the left end.
      expect(box.avatar.left).toBeGreaterThan(box.title.left);
      expect(box.close.right).toBeLessThan(box.title.left);
      // Composer: the send button to the left of the text field.
      expect(box.send.right).toBeLessThanOrEqual(box.input.left);
      // The visitor's bubbles on the left with their tail there, the assistant's on the right.
      const middle = (box.panel.left + box.panel.right) / 2;
      expect(box.userBubble.left).toBeLessThan(middle);
      expect(box.userBubble.right).toBeLessThan(box.panel.right - 40);
      expect(box.assistantBubble.right).toBeGreaterThan(middle);
      expect(box.userTail).toBe("6px");
      expect(box.englishReply).toBe("ltr");

      expect(tables).toEqual([language]);
      expect([...problems.consoleErrors, ...problems.pageErrors]).toEqual([]);
      await saveScreenshot(page, `rtl-${language}`);
      if (language === "ar") expect(await seriousAxeViolations(page)).toEqual([]);
    });
  });
});
