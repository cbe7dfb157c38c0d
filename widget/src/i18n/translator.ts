// The panel's side of a language: its table plus the Intl formatters for the visitor's locale.
import type { Messages, Plural } from "./messages";

const RIGHT_TO_LEFT: readonly string[] = ["ar", "he", "fa"];

export interface I18n {
  /** The canonical tag the language was chosen by ("de-AT"); Intl formats with it. */
  locale: string;
  dir: "ltr" | "rtl";
  text: Messages;
  /** A wait as a relative time, rounded up to a whole unit: "in 42 seconds", "dans 5 minutes", "3 時間後". */
  wait(seconds: number): string;
  number(value: number): string;
  /** The plural form `count` takes in this language, with `{count}` filled in. */
  plural(forms: Plural, count: number): string;
}

export function createI18n(language: string, locale: string, text: Messages): I18n {
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: "always" });
  const numbers = new Intl.NumberFormat(locale);
  const plurals = new Intl.PluralRules(locale);
  return {
    locale,
    dir: RIGHT_TO_LEFT.includes(language) ? "rtl" : "ltr",
    text,
    wait(seconds) {
      if (seconds < 60) return relative.format(seconds, "second");
      // "in 90 minutes" says more than "in 2 hours"; past two hours the hour is precise enough.
      if (seconds < 7200) return relative.format(Math.ceil(seconds / 60), "minute");
      return relative.format(Math.ceil(seconds / 3600), "hour");
    },
    number: (value) => numbers.format(value),
    plural: (forms, count) => fill(forms[plurals.select(count)] ?? forms.other, { count: numbers.format(count) }),
  };
}

/** Replaces `{name}` with `values.name`. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
