// Which shipped language a visitor gets, from the tags the page offers in order (data-lang,
// <html lang>, navigator.language). Runs in widget.js, so it stays small.

export interface LanguageChoice {
  /** A shipped table's name: "de". */
  language: string;
  /** The tag it was chosen by, canonical ("de-AT"): what Intl formats with and the proxy is told. */
  locale: string;
}

const FALLBACK: LanguageChoice = { language: "en", locale: "en" };

/**
 * The first tag whose language is shipped wins; a region or script falls back to its language
 * (de-AT → de, zh-Hans-CN → zh). A tag that is not BCP 47 is skipped, and nothing shipped means English.
 */
export function chooseLanguage(tags: ReadonlyArray<string | null | undefined>, isShipped: (language: string) => boolean): LanguageChoice {
  for (const tag of tags) {
    const locale = canonical(tag?.trim());
    const language = locale?.split("-")[0]!.toLowerCase();
    if (locale && language && isShipped(language)) return { language, locale };
  }
  return FALLBACK;
}

/** Also maps retired codes to today's (iw → he, in → id); undefined for anything invalid. */
export function canonical(tag: string | undefined): string | undefined {
  if (!tag) return undefined;
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}
