import { parseConfig } from "./config";
import type { Messages } from "./i18n/messages";
import type { PanelModule } from "./types";
import { startWidget } from "./widget";

// document.currentScript is only set while this script first runs, so read it now. The fallback
// covers a loader that injects the tag in a way that leaves currentScript null.
const script =
  (document.currentScript as HTMLScriptElement | null) ??
  document.querySelector<HTMLScriptElement>('script[src*="widget.js"]');
const scriptSrc = script?.src || location.href;
// Resolved against the script's URL, not the page's: the chunks live next to widget.js on the proxy.
const chunk = (file: string) => import(/* @vite-ignore */ new URL(file, scriptSrc).href);
// Named once: the build writes the table in wherever the name appears.
const languages = __LANGUAGES__;

startWidget({
  readConfig: () => parseConfig({ ...script?.dataset }, scriptSrc, (message) => console.warn(message)),
  pageLanguages: () => [document.documentElement.lang, navigator.language],
  launcherLabels: Object.fromEntries(Object.entries(languages).map(([language, [, label]]) => [language, label])),
  loadPanel: () => chunk(__PANEL_CHUNK__) as Promise<PanelModule>,
  loadMessages: (language) => chunk(languages[language]![0]).then((module: { default: Messages }) => module.default),
});
