import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { I18n } from "../i18n/translator";

/** App provides the visitor's language to every component under it. */
export const I18nContext = createContext<I18n | null>(null);

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error("a panel component rendered outside <App>, which provides the language");
  return i18n;
}
