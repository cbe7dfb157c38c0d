// Types shared by the loader (widget.js) and the lazily loaded panel chunk. Type-only, so the
// two bundles never share runtime code.
import type { LanguageChoice } from "./i18n/choose";
import type { Messages } from "./i18n/messages";

export type Theme = "light" | "dark" | "auto";
export type Position = "left" | "right";

export interface WidgetConfig {
  /** Origin (or base URL) of the proxy; API paths are resolved against it. */
  proxyUrl: string;
  /** Sent as X-Site-Id when the site owner set data-site. */
  siteId: string | null;
  /** data-title, data-greeting, data-placeholder: null where the site owner left the language's own. */
  title: string | null;
  /** "" is a deliberate choice: no greeting. */
  greeting: string | null;
  placeholder: string | null;
  /** data-lang: the first choice of language, before <html lang> and navigator.language. */
  lang: string | null;
  position: Position;
  theme: Theme;
  accent: string;
  open: boolean;
}

export interface PanelContext {
  /** Adds CSS to the widget's shadow root; returns its removal. The loader's own helper, passed
   *  in so the panel chunk does not carry a second copy. */
  addStyles(css: string): () => void;
  /** Where the panel renders, inside the shadow root. */
  mount: HTMLElement;
  config: WidgetConfig;
  /** The visitor's language and its table, loaded by the loader together with the panel. */
  language: LanguageChoice & { messages: Messages };
  /** The panel asks the loader to close (Escape, the close button) so focus returns to the launcher. */
  requestClose(): void;
}

export interface Panel {
  /** `moveFocus` is false when the page opens the widget at load (data-open): never steal focus then. */
  setOpen(open: boolean, moveFocus?: boolean): void;
  reset(): Promise<void>;
  destroy(): void;
}

export interface PanelModule {
  createPanel(context: PanelContext): Panel;
}
