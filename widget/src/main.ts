import { parseConfig } from "./config";
import type { PanelModule } from "./types";
import { startWidget } from "./widget";

// document.currentScript is only set while this script first runs, so read it now. The fallback
// covers a loader that injects the tag in a way that leaves currentScript null.
const script =
  (document.currentScript as HTMLScriptElement | null) ??
  document.querySelector<HTMLScriptElement>('script[src*="widget.js"]');
const scriptSrc = script?.src || location.href;

startWidget({
  readConfig: () => parseConfig({ ...script?.dataset }, scriptSrc, (message) => console.warn(message)),
  // Resolved against the script's URL, not the page's: the chunk lives next to widget.js on the proxy.
  loadPanel: () => import(/* @vite-ignore */ new URL(__PANEL_CHUNK__, scriptSrc).href) as Promise<PanelModule>,
});
