import { afterEach, describe, expect, it, vi } from "vitest";
import type { Messages } from "../../widget/src/i18n/messages";
import { TABLES } from "../../widget/src/i18n/tables";
import { HOST_ID } from "../../widget/src/mount";
import type { Panel, PanelContext, PanelModule, WidgetConfig } from "../../widget/src/types";
import { startWidget } from "../../widget/src/widget";

const config: WidgetConfig = {
  proxyUrl: "https://chat.example.com",
  siteId: null,
  title: "Ask Acme",
  greeting: "Hi!",
  placeholder: "Ask",
  lang: null,
  position: "right",
  theme: "auto",
  accent: "#2563eb",
  open: false,
};

interface FakePanel extends Panel {
  context: PanelContext;
  openStates: boolean[];
  focusFlags: Array<boolean | undefined>;
  destroyed: boolean;
  resets: number;
}

const launcherLabels = Object.fromEntries(Object.entries(TABLES).map(([language, table]) => [language, table.openChat]));

interface StartOptions {
  /** <html lang> and navigator.language, in that order. */
  pageLanguages?: Array<string | undefined>;
  loadMessages?: (language: string) => Promise<Messages>;
}

function start(overrides: Partial<WidgetConfig> = {}, loadPanel?: () => Promise<PanelModule>, options: StartOptions = {}) {
  const panels: FakePanel[] = [];
  const load = vi.fn(
    loadPanel ??
      (async (): Promise<PanelModule> => ({
        createPanel(context) {
          const panel: FakePanel = {
            context,
            openStates: [],
            focusFlags: [],
            destroyed: false,
            resets: 0,
            setOpen: (open, moveFocus) => {
              panel.openStates.push(open);
              panel.focusFlags.push(moveFocus);
            },
            reset: async () => void panel.resets++,
            destroy: () => void (panel.destroyed = true),
          };
          // A focusable element inside the panel, like the real composer.
          context.mount.append(document.createElement("textarea"));
          panels.push(panel);
          return panel;
        },
      })),
  );
  const readConfig = vi.fn(() => ({ ...config, ...overrides }));
  const loadMessages = vi.fn(options.loadMessages ?? (async (language: string) => TABLES[language]!));
  const api = startWidget({
    readConfig,
    pageLanguages: () => options.pageLanguages ?? ["en", "en-US"],
    launcherLabels,
    loadPanel: load,
    loadMessages,
  });
  const host = document.getElementById(HOST_ID);
  const launcher = host?.shadowRoot?.querySelector<HTMLButtonElement>("button.cw-launcher") ?? null;
  return { api, host, launcher, load, loadMessages, panels, readConfig };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  window.ChatWidget?.destroy();
  document.body.innerHTML = "";
});

describe("the loader", () => {
  it("mounts an open shadow root host with a launcher and defines window.ChatWidget, loading nothing yet", () => {
    const { api, host, launcher, load } = start();
    expect(host?.shadowRoot?.mode).toBe("open");
    expect(launcher?.getAttribute("aria-expanded")).toBe("false");
    expect(window.ChatWidget).toBe(api);
    expect(Object.keys(api ?? {}).sort()).toEqual(["close", "destroy", "open", "reset", "toggle"]);
    expect(load).not.toHaveBeenCalled();
  });

  it("does nothing when the script is loaded twice", () => {
    const first = start();
    const second = start();
    expect(second.api).toBeNull();
    expect(second.readConfig).not.toHaveBeenCalled();
    expect(document.querySelectorAll(`#${HOST_ID}`)).toHaveLength(1);
    expect(window.ChatWidget).toBe(first.api);
  });

  it("preloads the panel and the visitor's table once on hover or focus of the launcher", async () => {
    const { launcher, load, loadMessages } = start();
    launcher?.dispatchEvent(new Event("pointerenter"));
    launcher?.dispatchEvent(new Event("focus"));
    await flush();
    expect(load).toHaveBeenCalledTimes(1);
    expect(loadMessages.mock.calls).toEqual([["en"]]);
  });

  it("opens the panel on click and closes it on a second click", async () => {
    const { launcher, panels } = start();
    launcher?.click();
    await flush();
    expect(panels[0]?.openStates).toEqual([true]);
    expect(launcher?.getAttribute("aria-expanded")).toBe("true");
    expect(launcher?.getAttribute("aria-controls")).toBe("cw-panel");
    launcher?.click();
    expect(panels[0]?.openStates).toEqual([true, false]);
    expect(launcher?.getAttribute("aria-expanded")).toBe("false");
  });

  it("open(), close() and toggle() drive the same panel", async () => {
    const { api, panels } = start();
    api?.open();
    await flush();
    api?.close();
    api?.toggle();
    await flush();
    expect(panels).toHaveLength(1);
    expect(panels[0]?.openStates).toEqual([true, false, true]);
  });

  it("starts open with data-open=true, without taking focus from the page", async () => {
    const { panels } = start({ open: true });
    await flush();
    expect(panels[0]?.openStates).toEqual([true]);
    expect(panels[0]?.focusFlags).toEqual([false]);
  });

  it("moves focus into the panel when the visitor opens it", async () => {
    const { launcher, panels } = start();
    launcher?.click();
    await flush();
    expect(panels[0]?.focusFlags).toEqual([true]);
  });

  it("Escape on the launcher closes the open panel", async () => {
    const { api, launcher, panels } = start();
    api?.open();
    await flush();
    launcher?.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    expect(panels[0]?.openStates).toEqual([true, false]);
    expect(launcher?.getAttribute("aria-expanded")).toBe("false");
  });

  it("gives focus back to the launcher when the panel asks to close (Escape, close button)", async () => {
    const { api, host, launcher, panels } = start();
    api?.open();
    await flush();
    panels[0]?.context.requestClose();
    expect(host?.shadowRoot?.activeElement).toBe(launcher);
    expect(panels[0]?.openStates).toEqual([true, false]);
  });

  it("reset() loads the panel if needed and starts a new conversation", async () => {
    const { api, panels } = start();
    await api?.reset();
    expect(panels[0]?.resets).toBe(1);
  });

  it("stays closed and retries on the next click when the panel chunk fails to load", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    let attempts = 0;
    const { launcher } = start({}, async () => {
      attempts++;
      throw new TypeError("Failed to fetch dynamically imported module");
    });
    launcher?.click();
    await flush();
    expect(launcher?.getAttribute("aria-expanded")).toBe("false");
    expect(warn).toHaveBeenCalledTimes(1);
    launcher?.click();
    await flush();
    expect(attempts).toBe(2);
    warn.mockRestore();
  });

  it("applies the theme, position and accent", () => {
    const { host } = start({ theme: "dark", position: "left" });
    const root = host?.shadowRoot?.querySelector<HTMLElement>(".cw");
    expect(root?.dataset.theme).toBe("dark");
    expect(root?.dataset.position).toBe("left");
    const css = [...(host?.shadowRoot?.adoptedStyleSheets ?? [])].map((sheet) => [...sheet.cssRules].map((rule) => rule.cssText).join("")).join("") +
      [...(host?.shadowRoot?.querySelectorAll("style") ?? [])].map((style) => style.textContent).join("");
    expect(css).toContain("--cw-accent");
    expect(css).toContain("#2563eb");
  });
});

describe("the visitor's language", () => {
  const chosen = async (overrides: Partial<WidgetConfig>, pageLanguages: Array<string | undefined>) => {
    const { api, launcher, loadMessages, panels } = start(overrides, undefined, { pageLanguages });
    api?.open();
    await flush();
    const result = { label: launcher?.getAttribute("aria-label"), loaded: loadMessages.mock.calls.map(([language]) => language), language: panels[0]?.context.language };
    api?.destroy();
    return result;
  };

  it("takes data-lang first, then <html lang>, then navigator.language", async () => {
    expect(await chosen({ lang: "fr" }, ["de", "es-ES"])).toMatchObject({ label: "Ouvrir le chat", loaded: ["fr"], language: { language: "fr", locale: "fr" } });
    expect(await chosen({}, ["de", "es-ES"])).toMatchObject({ label: "Chat öffnen", loaded: ["de"] });
    expect(await chosen({}, ["", "es-ES"])).toMatchObject({ label: "Abrir el chat", loaded: ["es"], language: { locale: "es-ES" } });
  });

  it("falls back from a region or script to its language, keeping the full tag as the locale", async () => {
    expect(await chosen({}, ["de-AT", "en-US"])).toMatchObject({ loaded: ["de"], language: { language: "de", locale: "de-AT" } });
    expect(await chosen({}, ["zh-Hans-CN", undefined])).toMatchObject({ loaded: ["zh"], language: { locale: "zh-Hans-CN" } });
  });

  it("skips a language it does not ship, and speaks English when nothing matches", async () => {
    expect(await chosen({ lang: "sw" }, ["de", "en"])).toMatchObject({ loaded: ["de"] });
    expect(await chosen({}, ["tlh", "not a tag"])).toMatchObject({ label: "Open chat", loaded: ["en"], language: { language: "en", locale: "en" } });
  });

  it("starts the table's download together with the panel's, before either arrives", async () => {
    let finishPanel: (module: PanelModule) => void = () => undefined;
    const createPanel = vi.fn(() => ({ setOpen: vi.fn(), reset: vi.fn(), destroy: vi.fn() }));
    const { api, loadMessages } = start({}, () => new Promise((resolve) => (finishPanel = resolve)), { pageLanguages: ["ar"] });
    api?.open();
    expect(loadMessages.mock.calls).toEqual([["ar"]]);
    finishPanel({ createPanel });
    await flush();
    expect(createPanel).toHaveBeenCalledWith(expect.objectContaining({ language: { language: "ar", locale: "ar", messages: TABLES.ar } }));
  });

  it("retries both on the next click when the table fails to load", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    let failures = 1;
    const { launcher, load, panels } = start({}, undefined, {
      loadMessages: async (language) => {
        if (failures-- > 0) throw new TypeError("Failed to fetch dynamically imported module");
        return TABLES[language]!;
      },
    });
    launcher?.click();
    await flush();
    expect(panels).toHaveLength(0);
    launcher?.click();
    await flush();
    expect(load).toHaveBeenCalledTimes(2);
    expect(panels).toHaveLength(1);
    warn.mockRestore();
  });
});

describe("destroy()", () => {
  it("removes the host, the global and the panel, and leaves no listener behind", async () => {
    const { api, host, launcher, load, panels } = start();
    api?.open();
    await flush();
    api?.destroy();
    expect(document.getElementById(HOST_ID)).toBeNull();
    expect(host?.isConnected).toBe(false);
    expect(window.ChatWidget).toBeUndefined();
    expect(panels[0]?.destroyed).toBe(true);
    launcher?.dispatchEvent(new Event("pointerenter"));
    launcher?.click();
    await flush();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("does not create a panel that finishes loading after destroy", async () => {
    let finish: (module: PanelModule) => void = () => undefined;
    const createPanel = vi.fn();
    const { api } = start({}, () => new Promise((resolve) => (finish = resolve)));
    api?.open();
    api?.destroy();
    finish({ createPanel });
    await flush();
    expect(createPanel).not.toHaveBeenCalled();
  });

  it("lets the widget be loaded again afterwards", () => {
    start().api?.destroy();
    expect(start().api).not.toBeNull();
  });

  it("waits for <body> when the script runs from <head>", () => {
    const body = document.body;
    body.remove();
    const { api } = start();
    expect(document.getElementById(HOST_ID)).toBeNull();
    document.documentElement.append(body);
    document.dispatchEvent(new Event("DOMContentLoaded"));
    expect(document.getElementById(HOST_ID)).not.toBeNull();
    api?.destroy();
  });
});
