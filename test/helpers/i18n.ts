// A language as the loader hands it to the panel: the shipped table, chosen by `locale`.
import { createI18n, type I18n } from "../../widget/src/i18n/translator";
import { TABLES } from "../../widget/src/i18n/tables";
import type { PanelContext } from "../../widget/src/types";

export function languageFor(locale = "en"): PanelContext["language"] {
  const language = locale.split("-")[0]!;
  return { language, locale, messages: TABLES[language]! };
}

export function i18nFor(locale = "en"): I18n {
  const { language, messages } = languageFor(locale);
  return createI18n(language, locale, messages);
}
