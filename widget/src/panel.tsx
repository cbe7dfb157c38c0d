import { signal } from "@preact/signals-core";
import { render } from "preact";
import { createApi } from "./api";
import { createI18n } from "./i18n/translator";
import { createSession } from "./session";
import { createStorage } from "./storage";
import { createChatStore } from "./store";
import panelCss from "./styles/panel.css?inline";
import type { Panel, PanelContext } from "./types";
import { App } from "./ui/App";
import { trackVisualViewport } from "./viewport";

/** The lazily loaded half of the widget: builds the store and renders the panel into the shadow root. */
export function createPanel({ addStyles, mount, config, language, requestClose }: PanelContext): Panel {
  const removeStyles = addStyles(panelCss);
  const i18n = createI18n(language.language, language.locale, language.messages);
  const api = createApi({ proxyUrl: config.proxyUrl, siteId: config.siteId, locale: language.locale });
  const store = createChatStore(api, { session: createSession(createStorage()) });
  const open = signal(false);
  const moveFocus = signal(true);
  let stopTracking: (() => void) | null = null;

  render(<App store={store} config={config} i18n={i18n} open={open} moveFocus={moveFocus} onClose={requestClose} />, mount);

  return {
    setOpen(value, focus = true) {
      moveFocus.value = focus;
      open.value = value;
      if (value) {
        stopTracking ??= trackVisualViewport(mount);
        void store.restore();
      } else {
        stopTracking?.();
        stopTracking = null;
      }
    },
    reset: () => store.reset(),
    destroy() {
      stopTracking?.();
      store.dispose();
      render(null, mount);
      removeStyles();
    },
  };
}
