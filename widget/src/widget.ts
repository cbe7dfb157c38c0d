import { adoptStyles } from "./adopt-styles";
import { chooseLanguage } from "./i18n/choose";
import type { Messages } from "./i18n/messages";
import { createLauncher } from "./launcher";
import { createMount, HOST_ID } from "./mount";
import type { Panel, PanelModule, WidgetConfig } from "./types";

export interface ChatWidgetApi {
  open(): void;
  close(): void;
  toggle(): void;
  /** New conversation: deletes the history on the proxy, makes a new sessionId, clears the panel. */
  reset(): Promise<void>;
  /** Removes every node, listener and timer the widget created. */
  destroy(): void;
}

declare global {
  interface Window {
    ChatWidget?: ChatWidgetApi;
  }
}

export interface WidgetOptions {
  /** Read only when the widget really starts, so a second copy of the script warns about nothing. */
  readConfig(): WidgetConfig;
  /** The page's language tags after data-lang, read when the widget starts: <html lang>, navigator.language. */
  pageLanguages(): Array<string | undefined>;
  /** The launcher's label in every shipped language: the rest of a language comes with the panel. */
  launcherLabels: Readonly<Record<string, string>>;
  /** Loads the panel chunk (preact, store, markdown); called on first open or hover/focus of the launcher. */
  loadPanel(): Promise<PanelModule>;
  /** Loads one language's table, at the same moment as the panel. */
  loadMessages(language: string): Promise<Messages>;
}

/**
 * The loader: draws the launcher, defines window.ChatWidget and loads the panel on demand.
 * Returns null when a widget is already on the page (the script tag was included twice).
 */
export function startWidget({ readConfig, pageLanguages, launcherLabels, loadPanel, loadMessages }: WidgetOptions): ChatWidgetApi | null {
  if (window.ChatWidget || document.getElementById(HOST_ID)) return null;

  const config = readConfig();
  const choice = chooseLanguage([config.lang, ...pageLanguages()], (language) => language in launcherLabels);
  const mount = createMount(config);
  const launcher = createLauncher(launcherLabels[choice.language]!);
  mount.root.append(launcher);
  const listeners = new AbortController();
  const on = (target: EventTarget, type: string, handler: () => void) =>
    target.addEventListener(type, handler, { signal: listeners.signal, passive: true });

  let panel: Panel | null = null;
  let panelLoading: Promise<Panel> | null = null;
  let isOpen = false;
  let destroyed = false;

  const ensurePanel = (): Promise<Panel> => {
    // Both downloads start together: the table never waits for the panel to arrive first.
    panelLoading ??= Promise.all([loadPanel(), loadMessages(choice.language)]).then(
      ([module, messages]) => {
        if (destroyed) throw new Error("destroyed");
        panel = module.createPanel({
          addStyles: (css) => adoptStyles(mount.shadow, css),
          mount: mount.panelSlot,
          config,
          language: { ...choice, messages },
          requestClose: closeAndFocusLauncher,
        });
        launcher.setAttribute("aria-controls", "cw-panel");
        return panel;
      },
      (error: unknown) => {
        // Forget the failure so the next click tries again (a flaky network, a deploy in progress).
        panelLoading = null;
        throw error;
      },
    );
    return panelLoading;
  };

  const setLauncher = (open: boolean) => {
    launcher.setAttribute("aria-expanded", String(open));
    mount.root.classList.toggle("cw-open", open);
  };

  const open = (moveFocus = true) => {
    if (destroyed || isOpen) return;
    isOpen = true;
    setLauncher(true);
    ensurePanel().then(
      (ready) => {
        if (isOpen) ready.setOpen(true, moveFocus);
      },
      (error: unknown) => {
        if (destroyed) return;
        isOpen = false;
        setLauncher(false);
        console.warn("[chat-widget] could not load the chat panel", error);
      },
    );
  };

  const close = () => {
    if (!isOpen) return;
    const focusWasInside = mount.panelSlot.contains(mount.shadow.activeElement);
    isOpen = false;
    setLauncher(false);
    panel?.setOpen(false);
    if (focusWasInside) launcher.focus();
  };

  function closeAndFocusLauncher() {
    close();
    launcher.focus();
  }

  const preload = () => {
    ensurePanel().catch(() => undefined);
  };

  on(launcher, "click", () => (isOpen ? close() : open()));
  // Escape anywhere in the widget, the launcher included; the panel handles its own first.
  mount.root.addEventListener(
    "keydown",
    (event) => {
      if (event.key === "Escape" && isOpen && !event.defaultPrevented) closeAndFocusLauncher();
    },
    { signal: listeners.signal },
  );
  on(launcher, "pointerenter", preload);
  on(launcher, "focus", preload);
  on(launcher, "touchstart", preload);

  const attach = () => document.body.append(mount.host);
  // An async script in <head> can run before <body> exists.
  if (document.body) attach();
  else on(document, "DOMContentLoaded", attach);

  const api: ChatWidgetApi = {
    open: () => open(),
    close,
    toggle: () => (isOpen ? close() : open()),
    reset: async () => {
      if (destroyed) return;
      const ready = await ensurePanel();
      await ready.reset();
    },
    destroy: () => {
      if (destroyed) return;
      destroyed = true;
      isOpen = false;
      listeners.abort();
      panel?.destroy();
      panel = null;
      mount.host.remove();
      if (window.ChatWidget === api) delete window.ChatWidget;
    },
  };
  window.ChatWidget = api;
  if (config.open) open(false);
  return api;
}
