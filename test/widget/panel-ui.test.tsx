import { signal } from "@preact/signals-core";
import { act, cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { NetworkError } from "../../widget/src/errors/network-error";
import { ProviderError } from "../../widget/src/errors/provider-error";
import { RateLimitedError, type LimitScope } from "../../widget/src/errors/rate-limited-error";
import { SiteUnavailableError } from "../../widget/src/errors/site-unavailable-error";
import { createSession } from "../../widget/src/session";
import { createStorage } from "../../widget/src/storage";
import { createChatStore } from "../../widget/src/store";
import type { WidgetConfig } from "../../widget/src/types";
import { App } from "../../widget/src/ui/App";
import { i18nFor } from "../helpers/i18n";
import { fakeApi, settle } from "../helpers/widget-fakes";

const config: WidgetConfig = {
  proxyUrl: "https://chat.example.com",
  siteId: null,
  title: "Ask Acme",
  greeting: "Hi! How can I help?",
  placeholder: "Ask about kettles",
  lang: null,
  position: "right",
  theme: "light",
  accent: "#2563eb",
  open: false,
};

function renderPanel(options: { online?: boolean; moveFocus?: boolean; config?: Partial<WidgetConfig>; locale?: string } = {}) {
  localStorage.clear();
  const api = fakeApi();
  const store = createChatStore(api, { session: createSession(createStorage()), isOnline: () => options.online ?? true });
  const onClose = vi.fn();
  const open = signal(true);
  const moveFocus = signal(options.moveFocus ?? true);
  render(<App store={store} config={{ ...config, ...options.config }} i18n={i18nFor(options.locale)} open={open} moveFocus={moveFocus} onClose={onClose} />);
  return { api, store, onClose, open };
}

/** The composer, whatever the language calls it (tests that care ask by role and name). */
const input = () => document.querySelector<HTMLTextAreaElement>("textarea.cw-input")!;

/** The visible notice (an sr-only status region repeats its first wording once). */
const noticeText = (text: string | RegExp) => screen.getByText(text, { selector: ".cw-notice-text" });

async function type(text: string) {
  await act(() => void fireEvent.input(input(), { target: { value: text } }));
}

async function send(text: string) {
  await type(text);
  await act(async () => {
    fireEvent.keyDown(input(), { key: "Enter" });
    await settle();
  });
}

/** A phone-sized screen or not, for the panel's `(max-width: 480px)` full-screen query. */
function stubMatchMedia(phone: boolean) {
  const listeners = new Set<() => void>();
  vi.stubGlobal("matchMedia", (query: string) => ({
    get matches() {
      return phone && query === "(max-width: 480px)";
    },
    addEventListener: (_type: string, listener: () => void) => listeners.add(listener),
    removeEventListener: (_type: string, listener: () => void) => listeners.delete(listener),
  }));
  /** The screen turns (or a window is resized) across the breakpoint. */
  return (nowPhone: boolean) => {
    phone = nowPhone;
    for (const listener of listeners) listener();
  };
}

async function flush(step = () => {}) {
  await act(async () => {
    step();
    await settle();
  });
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.clearAllTimers();
  vi.useRealTimers();
});

describe("the panel", () => {
  it("is a dialog labelled with the title, with the greeting as the first assistant bubble", () => {
    renderPanel();
    const dialog = screen.getByRole("dialog", { name: "Ask Acme" });
    const log = screen.getByRole("log");
    expect(dialog.contains(log)).toBe(true);
    expect(log.textContent).toContain("Hi! How can I help?");
    expect(input().placeholder).toBe("Ask about kettles");
  });

  it("moves focus into the composer when opened", async () => {
    const { open } = renderPanel();
    await flush(() => (open.value = false));
    await flush(() => (open.value = true));
    expect(document.activeElement).toBe(input());
  });

  it("leaves focus where it is when opened at page load (data-open)", () => {
    renderPanel({ moveFocus: false });
    expect(document.activeElement).toBe(document.body);
  });

  it("shows a typing indicator before the first token, Stop while streaming, and the reply as markdown", async () => {
    const { api } = renderPanel();
    await send("Hello");
    expect(screen.getByText("The assistant is typing…")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Stop generating" })).toBeTruthy();
    expect(screen.getByRole("log").getAttribute("aria-busy")).toBe("true");

    await flush(() => api.reply().push("See [docs](https://example.com) **now**"));
    expect(screen.queryByText("The assistant is typing…")).toBeNull();
    await flush(() => api.reply().finish());

    const link = screen.getByRole("link", { name: "docs" });
    expect(link.getAttribute("target")).toBe("_blank");
    expect(screen.getByRole("button", { name: "Send" })).toBeTruthy();
    expect(screen.getByRole("log").getAttribute("aria-busy")).toBe("false");
  });

  it("lists the reply's sources under it as links that open in a new tab without an opener or referrer", async () => {
    const { api } = renderPanel();
    await send("What does the Pro plan cost?");
    await flush(() => api.reply().push("It costs $129."));
    await flush(() => api.reply().pushSources([{ title: "Pricing – Acme Kettle", url: "https://acme.test/pricing.html" }]));
    await flush(() => api.reply().finish());

    const list = screen.getByRole("list", { name: "Sources" });
    const link = screen.getByRole("link", { name: "Pricing – Acme Kettle" });
    expect(list.contains(link)).toBe(true);
    expect(link.getAttribute("href")).toBe("https://acme.test/pricing.html");
    expect(link.getAttribute("target")).toBe("_blank");
    expect(link.getAttribute("rel")).toBe("noopener noreferrer");
    expect(link.closest(".cw-row-assistant")?.textContent).toContain("It costs $129.");
  });

  it("Stop aborts the reply", async () => {
    const { api } = renderPanel();
    await send("Hello");
    await flush(() => api.reply().push("Part"));
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Stop generating" }));
      await settle();
    });
    expect(api.reply().signal?.aborted).toBe(true);
    expect(screen.getByText("Stopped")).toBeTruthy();
    expect(document.activeElement).toBe(input());
  });

  it("Shift+Enter does not send", async () => {
    const { api } = renderPanel();
    await type("line one");
    await act(() => void fireEvent.keyDown(input(), { key: "Enter", shiftKey: true }));
    expect(api.replies).toHaveLength(0);
  });

  it("Escape closes the panel", async () => {
    const { onClose } = renderPanel();
    await act(() => void fireEvent.keyDown(input(), { key: "Escape" }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it("is a modal dialog that keeps Tab inside while it fills a phone's screen", async () => {
    stubMatchMedia(true);
    renderPanel();
    await settle();
    expect(screen.getByRole("dialog").getAttribute("aria-modal")).toBe("true");
    const menuButton = screen.getByRole("button", { name: "Conversation options" });
    // The composer is the last control while the send button is disabled (empty draft).
    expect(document.activeElement).toBe(input());
    expect(fireEvent.keyDown(input(), { key: "Tab" })).toBe(false);
    expect(document.activeElement).toBe(menuButton);
    expect(fireEvent.keyDown(menuButton, { key: "Tab", shiftKey: true })).toBe(false);
    expect(document.activeElement).toBe(input());
    expect(fireEvent.keyDown(screen.getByRole("dialog"), { key: "Tab", shiftKey: true })).toBe(false);
    expect(document.activeElement).toBe(input());
  });

  it("is not modal, and lets Tab leave, while it floats beside the page", async () => {
    stubMatchMedia(false);
    renderPanel();
    await settle();
    expect(screen.getByRole("dialog").hasAttribute("aria-modal")).toBe(false);
    expect(fireEvent.keyDown(input(), { key: "Tab" })).toBe(true);
  });

  it("becomes modal when the screen turns phone-sized", async () => {
    const turn = stubMatchMedia(false);
    renderPanel();
    await flush(() => turn(true));
    expect(screen.getByRole("dialog").getAttribute("aria-modal")).toBe("true");
    expect(fireEvent.keyDown(input(), { key: "Tab" })).toBe(false);
  });

  it("'New conversation' in the menu clears the panel and deletes the thread on the proxy", async () => {
    const { api } = renderPanel();
    await send("Hello");
    await flush(() => api.reply().finish());
    await act(() => void fireEvent.click(screen.getByRole("button", { name: "Conversation options" })));
    await act(async () => {
      fireEvent.click(screen.getByRole("menuitem", { name: "New conversation" }));
      await settle();
    });
    expect(api.deleted).toHaveLength(1);
    expect(screen.getByRole("log").textContent).not.toContain("Hello");
    expect(screen.queryByRole("menu")).toBeNull();
  });

  it("Escape in the menu closes the menu, not the panel", async () => {
    const { onClose } = renderPanel();
    await act(() => void fireEvent.click(screen.getByRole("button", { name: "Conversation options" })));
    await act(() => void fireEvent.keyDown(screen.getByRole("menuitem", { name: "New conversation" }), { key: "Escape" }));
    expect(screen.queryByRole("menu")).toBeNull();
    expect(onClose).not.toHaveBeenCalled();
  });
});

describe("honest errors", () => {
  it("429 per minute: counts down live, keeps the message, disables the composer, then re-enables it and Retry", async () => {
    const { api } = renderPanel();
    await send("Hello");
    await flush(() => api.reply().fail(new RateLimitedError("Too fast", "RATE_LIMITED", 42, "minute")));

    expect(noticeText("You're sending messages too fast — try again in 42 seconds.")).toBeTruthy();
    expect(screen.getByRole("log").textContent).toContain("Hello");
    expect(screen.getByText("Not sent")).toBeTruthy();
    const retry = screen.getByRole("button", { name: "Retry" }) as HTMLButtonElement;
    expect(retry.disabled).toBe(true);
    expect(input().getAttribute("aria-disabled")).toBe("true");
    expect(screen.getByRole("status").textContent).toBe("You're sending messages too fast — try again in 42 seconds.");

    await flush(() => vi.advanceTimersByTime(1000));
    expect(noticeText("You're sending messages too fast — try again in 41 seconds.")).toBeTruthy();
    // The live region is not re-announced every second.
    expect(screen.getByRole("status").textContent).toBe("You're sending messages too fast — try again in 42 seconds.");

    await flush(() => vi.advanceTimersByTime(41_000));
    expect(noticeText("You can send messages again.")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Retry" }) as HTMLButtonElement).disabled).toBe(false);
    expect(input().getAttribute("aria-disabled")).toBe("false");

    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Retry" }));
      await settle();
    });
    expect(api.reply(1).request?.message).toBe("Hello");
    expect(screen.queryByText("Not sent")).toBeNull();
  });

  it.each<[LimitScope, number, string]>([
    ["visitor", 5 * 3600 + 600, "You've reached today's message limit — try again in 6 hours."],
    ["site", 3 * 3600, "This site's daily chat limit is reached — back tomorrow."],
  ])("429 with scope %s says so", async (limit, seconds, text) => {
    const { api } = renderPanel();
    await send("Hello");
    await flush(() => api.reply().fail(new RateLimitedError("Quota", "DAILY_QUOTA_EXCEEDED", seconds, limit)));
    expect(noticeText(text)).toBeTruthy();
  });

  it("offline: the typed text stays in the composer", async () => {
    const { api } = renderPanel({ online: false });
    await send("Are you there?");
    expect(noticeText(/You're offline/)).toBeTruthy();
    expect(input().value).toBe("Are you there?");
    expect(api.replies).toHaveLength(0);
  });

  it("offline: the notice goes away when the browser is back online", async () => {
    renderPanel({ online: false });
    await send("Hello");
    expect(noticeText(/you're offline/i)).toBeTruthy();
    await flush(() => window.dispatchEvent(new Event("online")));
    expect(screen.queryByText(/you're offline/i, { selector: ".cw-notice-text" })).toBeNull();
    expect(input().value).toBe("Hello");
  });

  it("a message over 2000 characters: the notice names the limit and the text stays", async () => {
    const { api } = renderPanel();
    const long = "a".repeat(2001);
    await send(long);
    expect(noticeText("That message is too long — please keep it under 2,000 characters.")).toBeTruthy();
    expect(input().value).toBe(long);
    expect(api.replies).toHaveLength(0);
  });

  it("unreachable, interrupted and provider errors each have their own message", async () => {
    const cases: Array<[Error, RegExp]> = [
      [new NetworkError("x", false, false), /Can't reach the chat service/],
      [new ProviderError("x", "PROVIDER_ERROR", 500), /The assistant ran into a problem/],
      [new ProviderError("x", "PROVIDER_BUSY", 503, 9), /The assistant is busy — try again in 9 seconds/],
    ];
    for (const [error, text] of cases) {
      const { api } = renderPanel();
      await send("Hello");
      await flush(() => api.reply().fail(error));
      expect(noticeText(text)).toBeTruthy();
      expect(screen.getByRole("button", { name: "Retry" })).toBeTruthy();
      cleanup();
    }
  });

  it("a reply cut off mid-way is kept and marked", async () => {
    const { api } = renderPanel();
    await send("Hello");
    await flush(() => api.reply().push("Half an ans"));
    await flush(() => api.reply().fail(new NetworkError("x", false, true)));
    expect(noticeText("The connection dropped before the reply finished.")).toBeTruthy();
    expect(screen.getByText("Reply interrupted")).toBeTruthy();
    expect(screen.getByRole("log").textContent).toContain("Half an ans");
  });
});

describe("a site the proxy refuses", () => {
  const DISABLED = "The chat is unavailable on this site right now.";

  /** The composer as assistive technology sees it: disabled, and why. */
  function expectComposerUnavailable(sentence: string) {
    expect(input().getAttribute("aria-disabled")).toBe("true");
    expect(input().readOnly).toBe(true);
    expect(input().placeholder).toBe("Chat unavailable");
    const description = input().getAttribute("aria-describedby");
    expect(description && document.getElementById(description)?.textContent).toBe(sentence);
    expect((screen.getByRole("button", { name: "Send" }) as HTMLButtonElement).disabled).toBe(true);
  }

  it("403 SITE_DISABLED on open: says the chat is unavailable instead of the greeting, the composer disabled and described by why", async () => {
    const { api, store } = renderPanel();
    api.history = new SiteUnavailableError(DISABLED, "SITE_DISABLED", 403);
    await flush(() => void store.restore());
    expect(noticeText(DISABLED)).toBeTruthy();
    expect(screen.queryByText(config.greeting!)).toBeNull();
    expectComposerUnavailable(DISABLED);
    expect(screen.getByRole("status").textContent).toBe(DISABLED);
    expect(screen.queryByRole("button", { name: "Retry" })).toBeNull();

    await send("Hello?");
    expect(api.replies).toHaveLength(0);
  });

  it("404 UNKNOWN_SITE to a message: the message is not sent, no Retry and no countdown", async () => {
    const { api } = renderPanel();
    await send("Hello?");
    await flush(() => api.reply().fail(new SiteUnavailableError("This chat is not set up for this site.", "UNKNOWN_SITE", 404)));
    expect(noticeText("This chat is not set up for this site.")).toBeTruthy();
    expect(screen.getByText("Not sent")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Retry" })).toBeNull();
    expectComposerUnavailable("This chat is not set up for this site.");

    await flush(() => vi.advanceTimersByTime(60_000));
    expect(noticeText("This chat is not set up for this site.")).toBeTruthy();
    expect(input().getAttribute("aria-disabled")).toBe("true");
  });
});

describe("in the visitor's language", () => {
  it("uses the language's own title, greeting, placeholder and names where the site owner set none", () => {
    renderPanel({ locale: "de-AT", config: { title: null, greeting: null, placeholder: null } });
    const dialog = screen.getByRole("dialog", { name: "Chatten Sie mit uns" });
    expect(dialog.getAttribute("lang")).toBe("de-AT");
    expect(dialog.getAttribute("dir")).toBe("ltr");
    expect(screen.getByText("Hallo! Wie kann ich helfen?")).toBeTruthy();
    expect(input().placeholder).toBe("Ihre Nachricht…");
    expect(screen.getByRole("textbox", { name: "Nachricht" })).toBe(input());
    expect(screen.getByRole("button", { name: "Senden" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Chat schließen" })).toBeTruthy();
    expect(screen.getByRole("log", { name: "Gesprächsverlauf" })).toBeTruthy();
  });

  it("labels a reply's sources in the visitor's language", async () => {
    const { api } = renderPanel({ locale: "de" });
    await send("Was kostet das Pro-Paket?");
    await flush(() => api.reply().push("129 $."));
    await flush(() => api.reply().pushSources([{ title: "Preise", url: "https://acme.test/preise" }]));
    await flush(() => api.reply().finish());
    expect(screen.getByRole("list", { name: "Quellen" }).textContent).toBe("Preise");
  });

  it("keeps data-title, data-greeting and data-placeholder over the language's texts", () => {
    renderPanel({ locale: "fr" });
    expect(screen.getByRole("dialog", { name: "Ask Acme" })).toBeTruthy();
    expect(screen.getByText("Hi! How can I help?")).toBeTruthy();
    expect(input().placeholder).toBe("Ask about kettles");
    expect(screen.getByRole("button", { name: "Envoyer" })).toBeTruthy();
  });

  it("mirrors the panel for a right-to-left language and lets each message find its own direction", async () => {
    const { api } = renderPanel({ locale: "ar" });
    expect(screen.getByRole("dialog").getAttribute("dir")).toBe("rtl");
    await send("مرحبا");
    await flush(() => api.reply().push("Hello in English"));
    for (const text of [...document.querySelectorAll(".cw-plain, .cw-md")]) expect(text.getAttribute("dir")).toBe("auto");
  });

  it("says in the visitor's language that the site is unavailable, not in the proxy's English", async () => {
    const { api, store } = renderPanel({ locale: "ja" });
    api.history = new SiteUnavailableError("The chat is unavailable on this site right now.", "SITE_DISABLED", 403);
    await flush(() => void store.restore());
    expect(noticeText("現在、このサイトではチャットをご利用いただけません。")).toBeTruthy();
    expect(input().placeholder).toBe("チャットは利用できません");
  });

  it("counts down in the visitor's language and numbers", async () => {
    const { api } = renderPanel({ locale: "ru" });
    await send("Привет");
    await flush(() => api.reply().fail(new RateLimitedError("Too fast", "RATE_LIMITED", 42, "minute")));
    expect(noticeText("Вы отправляете сообщения слишком часто — повторите попытку через 42 секунды.")).toBeTruthy();
    await flush(() => vi.advanceTimersByTime(37_000));
    expect(noticeText("Вы отправляете сообщения слишком часто — повторите попытку через 5 секунд.")).toBeTruthy();
  });

  it("names the length limit with the plural form and digits of the visitor's locale", async () => {
    renderPanel({ locale: "pl" });
    await send("a".repeat(2001));
    expect(noticeText(`Ta wiadomość jest za długa — maksymalnie ${new Intl.NumberFormat("pl").format(2000)} znaków.`)).toBeTruthy();
  });
});
