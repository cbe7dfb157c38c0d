import { describe, expect, it } from "vitest";
import { chooseLanguage } from "../../widget/src/i18n/choose";
import type { Messages, Plural } from "../../widget/src/i18n/messages";
import { TABLES } from "../../widget/src/i18n/tables";
import { createI18n } from "../../widget/src/i18n/translator";

// The contract's list: a language cannot quietly go missing.
const SHIPPED = ["en", "de", "fr", "es", "it", "pt", "nl", "pl", "sv", "tr", "ru", "uk", "ar", "he", "fa", "hi", "ja", "ko", "zh", "id"];
const english = TABLES.en!;
const keys = Object.keys(english).sort();
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
const texts = (value: string | Plural) => (typeof value === "string" ? [value] : Object.values(value));

describe("message tables", () => {
  it("ship every language of the contract", () => {
    expect(Object.keys(TABLES).sort()).toEqual([...SHIPPED].sort());
  });

  it.each(SHIPPED)("%s has every key English has, and no other", (language) => {
    expect(Object.keys(TABLES[language]!).sort()).toEqual(keys);
  });

  it.each(SHIPPED)("%s has no empty text and the same {placeholders} as English in every text", (language) => {
    const table = TABLES[language]!;
    for (const key of keys as Array<keyof Messages>) {
      const expected = placeholders(texts(english[key])[0]!);
      for (const text of texts(table[key])) {
        expect(text.trim(), `${language}.${key}`).not.toBe("");
        expect(placeholders(text), `${language}.${key}: ${text}`).toEqual(expected);
      }
    }
  });

  it.each(SHIPPED)("%s has a text for every plural category its language uses", (language) => {
    const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
    const tooLong = TABLES[language]!.tooLong;
    for (const category of categories) expect(tooLong[category], `${language}.tooLong.${category}`).toBeDefined();
  });

  it("leaves English only in English (a copied string is an untranslated one)", () => {
    const ownWords: Array<keyof Messages> = ["newConversation", "send", "typing", "offline", "providerError"];
    for (const language of SHIPPED.filter((name) => name !== "en")) {
      for (const key of ownWords) expect(TABLES[language]![key], `${language}.${key}`).not.toBe(english[key]);
    }
  });
});

describe("chooseLanguage", () => {
  const shipped = (language: string) => SHIPPED.includes(language);

  it.each<[Array<string | undefined>, string, string]>([
    [["fr", "de", "en-US"], "fr", "fr"],
    [[undefined, "de", "en-US"], "de", "de"],
    [["", "", "es-MX"], "es", "es-MX"],
    [["de-AT"], "de", "de-AT"],
    [["pt-br"], "pt", "pt-BR"],
    [["zh-Hans-CN"], "zh", "zh-Hans-CN"],
    [["iw"], "he", "he"],
    [["sw", "ja-JP"], "ja", "ja-JP"],
    [["en_US", "not a tag", "tlh"], "en", "en"],
    [[], "en", "en"],
  ])("%j → %s (%s)", (tags, language, locale) => {
    expect(chooseLanguage(tags, shipped)).toEqual({ language, locale });
  });
});

describe("createI18n", () => {
  it("says a wait as a relative time in the visitor's language, rounded up to whole units", () => {
    const en = createI18n("en", "en", english);
    expect([42, 60, 61, 5400, 7200, 5 * 3600 + 600].map(en.wait)).toEqual([
      "in 42 seconds",
      "in 1 minute",
      "in 2 minutes",
      "in 90 minutes",
      "in 2 hours",
      "in 6 hours",
    ]);
    expect(createI18n("de", "de", TABLES.de!).wait(42)).toBe("in 42 Sekunden");
    expect(createI18n("ja", "ja", TABLES.ja!).wait(180)).toBe("3 分後");
  });

  it("is right-to-left for Arabic, Hebrew and Persian only", () => {
    const rtl = SHIPPED.filter((language) => createI18n(language, language, TABLES[language]!).dir === "rtl");
    expect(rtl.sort()).toEqual(["ar", "fa", "he"]);
  });

  it("picks the plural form and formats the number for the locale", () => {
    const ru = createI18n("ru", "ru", TABLES.ru!);
    const forms = { one: "{count} символ", few: "{count} символа", many: "{count} символов", other: "{count} символа" };
    expect([1, 3, 2000].map((count) => ru.plural(forms, count))).toEqual(["1 символ", "3 символа", `${new Intl.NumberFormat("ru").format(2000)} символов`]);
    expect(createI18n("en", "en-US", english).number(2000)).toBe("2,000");
  });
});
