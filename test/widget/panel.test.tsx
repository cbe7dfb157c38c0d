import { act, fireEvent, within } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { adoptStyles } from "../../widget/src/adopt-styles";
import { createPanel } from "../../widget/src/panel";
import type { WidgetConfig } from "../../widget/src/types";
import { languageFor } from "../helpers/i18n";
import { jsonResponse, settle, sseResponse, sseText } from "../helpers/widget-fakes";

const config: WidgetConfig = {
  proxyUrl: "https://chat.example.com",
  siteId: "shop",
  title: "Ask Acme",
  greeting: "Hi!",
  placeholder: "Ask",
  lang: null,
  position: "right",
  theme: "light",
  accent: "#2563eb",
  open: false,
};

function mountPanel(fetch: (url: string, init?: RequestInit) => Promise<Response>, locale = "en") {
  vi.stubGlobal("fetch", vi.fn(fetch));
  const host = document.createElement("div");
  document.body.append(host);
  const shadow = host.attachShadow({ mode: "open" });
  const mount = document.createElement("div");
  shadow.append(mount);
  const requestClose = vi.fn();
  let panel!: ReturnType<typeof createPanel>;
  // act() runs Preact's effects now (fake timers would otherwise hold them back).
  act(() => {
    panel = createPanel({ addStyles: (css) => adoptStyles(shadow, css), mount, config, language: languageFor(locale), requestClose });
  });
  // Testing Library's queries work on any element; the shadow root's content is one.
  const view = within(mount);
  return { panel, mount, shadow, requestClose, view };
}

beforeEach(() => {
  vi.useFakeTimers();
  localStorage.clear();
});
afterEach(() => {
  vi.clearAllTimers();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  document.body.innerHTML = "";
});

describe("the panel chunk", () => {
  it("restores the stored conversation from GET /api/history when first opened", async () => {
    localStorage.setItem("chat-widget:session", "kept-session");
    const { panel, view } = mountPanel(async () =>
      jsonResponse(200, { sessionId: "kept-session", messages: [{ role: "assistant", content: "Welcome **back**", createdAt: "" }] }),
    );
    await act(async () => {
      panel.setOpen(true);
      await settle();
    });
    expect(view.getByRole("log").textContent).toContain("Welcome back");
    expect(vi.mocked(fetch).mock.calls[0]?.[0]).toBe("https://chat.example.com/api/history?sessionId=kept-session");
    expect(vi.mocked(fetch).mock.calls[0]?.[1]?.headers).toMatchObject({ "X-Site-Id": "shop" });
    panel.destroy();
  });

  it("a new visitor on a disabled site: the history request on first open gets 403 SITE_DISABLED and the panel says the chat is unavailable", async () => {
    const { panel, view } = mountPanel(async () =>
      jsonResponse(403, { error: "The chat is unavailable on this site right now.", code: "SITE_DISABLED" }),
    );
    await act(async () => {
      panel.setOpen(true);
      await settle();
    });
    expect(view.getByText("The chat is unavailable on this site right now.", { selector: ".cw-notice-text" })).toBeTruthy();
    expect(view.getByRole("textbox", { name: "Message" }).getAttribute("aria-disabled")).toBe("true");
    const [url, init] = vi.mocked(fetch).mock.calls[0]!;
    expect(url).toMatch(/^https:\/\/chat\.example\.com\/api\/history\?sessionId=/);
    expect(init?.headers).toMatchObject({ "X-Site-Id": "shop" });

    await act(async () => {
      panel.setOpen(false);
      panel.setOpen(true);
      await settle();
    });
    expect(vi.mocked(fetch)).toHaveBeenCalledTimes(1);
    panel.destroy();
  });

  it("speaks the visitor's language and sends it as context.locale with every message", async () => {
    const { panel, view } = mountPanel(
      async (url) => (url.includes("/api/history") ? jsonResponse(200, { messages: [] }) : sseResponse(sseText([{ type: "finish", finishReason: "stop" }]))),
      "de-CH",
    );
    await act(async () => {
      panel.setOpen(true);
      await settle();
    });
    const input = view.getByRole("textbox", { name: "Nachricht" });
    await act(async () => {
      fireEvent.input(input, { target: { value: "Grüezi" } });
      fireEvent.keyDown(input, { key: "Enter" });
      await settle();
    });
    const chat = vi.mocked(fetch).mock.calls.find(([url]) => String(url).endsWith("/api/chat"));
    expect(JSON.parse(String(chat?.[1]?.body))).toMatchObject({ message: "Grüezi", context: { locale: "de-CH" } });
    panel.destroy();
  });

  it("renders inside the shadow root and shows the dialog only when open", async () => {
    const { panel, view } = mountPanel(async () => jsonResponse(200, { messages: [] }));
    const dialog = view.getByRole("dialog", { name: "Ask Acme" });
    expect(dialog.classList.contains("is-open")).toBe(false);
    await act(() => panel.setOpen(true));
    expect(dialog.classList.contains("is-open")).toBe(true);
    panel.destroy();
  });

  it("destroy() removes its nodes and styles and stops its countdown timer", async () => {
    const { panel, mount, shadow, view } = mountPanel(async () =>
      jsonResponse(429, { error: "Slow", code: "RATE_LIMITED", details: { scope: "minute" } }, { "Retry-After": "30" }),
    );
    const stylesBefore = (shadow.adoptedStyleSheets?.length ?? 0) + shadow.querySelectorAll("style").length;
    expect(stylesBefore).toBeGreaterThan(0);
    await act(async () => {
      panel.setOpen(true);
      await settle();
    });
    const input = view.getByRole("textbox", { name: "Message" });
    await act(async () => {
      fireEvent.input(input, { target: { value: "Hello" } });
      fireEvent.keyDown(input, { key: "Enter" });
      await settle();
    });
    expect(view.getByText(/too fast/, { selector: ".cw-notice-text" })).toBeTruthy();
    panel.destroy();
    // Whatever was already due may run once; the countdown interval must not come back.
    vi.runOnlyPendingTimers();
    expect(vi.getTimerCount()).toBe(0);
    expect(mount.childNodes).toHaveLength(0);
    expect((shadow.adoptedStyleSheets?.length ?? 0) + shadow.querySelectorAll("style").length).toBe(0);
  });
});
