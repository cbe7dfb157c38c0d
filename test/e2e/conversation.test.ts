// A visitor's conversation on a site that embeds the widget from the proxy's origin.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { openWidgetPage, startE2e, type E2e } from "../helpers/e2e.js";
import { hostPage } from "../helpers/host-page.js";
import type { PageProblems } from "../helpers/browser.js";
import { widgetOn, type WidgetDriver } from "../helpers/widget-driver.js";

const pageTitle = "Kettle Pro – Acme";

let e2e: E2e;

beforeAll(async () => {
  e2e = await startE2e();
});

afterAll(async () => {
  await e2e?.close();
});

describe("a conversation on a cross-origin site", () => {
  let page: Page;
  let problems: PageProblems;
  let widget: WidgetDriver;
  let pageUrl: string;

  beforeAll(async () => {
    pageUrl = e2e.site.page("/products/kettle.html?ref=e2e", hostPage({ proxyOrigin: e2e.proxy.origin, title: pageTitle }));
    ({ page, problems, widget } = await openWidgetPage(e2e.browser));
    await page.goto(pageUrl);
  });

  it("opens the panel from the launcher as a dialog labelled by the widget's title", async () => {
    await widget.launcher.waitFor();
    expect(await widget.dialog.count()).toBe(0);

    await widget.open();

    await page.getByRole("dialog", { name: "Ask Acme" }).waitFor();
    await widget.log.getByText("Hi! How can I help?").waitFor();
  });

  it("streams the reply over SSE into the message log", async () => {
    e2e.proxy.groq.reply("Our kettle boils a full litre in under four minutes.");
    const chatRequest = page.waitForRequest((request) => request.url().endsWith("/api/chat"));
    const chatResponse = page.waitForResponse((response) => response.url().endsWith("/api/chat"));

    await widget.send("How fast does it boil?");

    expect((await chatRequest).headers()["accept"]).toContain("text/event-stream");
    expect((await chatResponse).headers()["content-type"]).toContain("text/event-stream");
    await widget.waitForReply("boils a full litre in under four minutes");
    await widget.log.getByText("How fast does it boil?").waitFor();
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
  });

  it("sends the host page's URL and title to the model", async () => {
    const prompt = e2e.proxy.groq.requests.at(-1)!.body.messages.map((message) => message.content).join("\n");

    expect(prompt).toContain(pageTitle);
    expect(prompt).toContain(pageUrl);
  });

  it("restores the thread after a reload", async () => {
    await page.reload();
    await widget.open();

    await widget.log.getByText("How fast does it boil?").waitFor();
    await widget.log.getByText("boils a full litre in under four minutes").waitFor();
  });

  it("clears the thread in the panel and on the proxy with New conversation", async () => {
    const oldSessionId = await sessionIdOf(page);
    expect(await historyLength(e2e.proxy.origin, oldSessionId)).toBe(2);

    await widget.newConversation();

    await widget.log.getByText("How fast does it boil?").waitFor({ state: "detached" });
    expect(await widget.log.getByText("boils a full litre").count()).toBe(0);
    await expect.poll(() => sessionIdOf(page)).not.toBe(oldSessionId);
    await expect.poll(() => historyLength(e2e.proxy.origin, oldSessionId)).toBe(0);
  });

  it("starts the model on a clean slate after New conversation", async () => {
    e2e.proxy.groq.reply("Nice to meet you.");

    await widget.send("Fresh start");
    await widget.waitForReply("Nice to meet you.");

    const prompt = e2e.proxy.groq.requests.at(-1)!.body.messages.map((message) => message.content).join("\n");
    expect(prompt).toContain("Fresh start");
    expect(prompt).not.toContain("How fast does it boil?");
  });

  it("keeps the typed text and says so when the visitor is offline, clears the notice and sends once back online", async () => {
    const requestsBefore = e2e.proxy.groq.requests.length;
    e2e.proxy.groq.reply("Welcome back.");
    await page.context().setOffline(true);

    await widget.send("Sent from a tunnel");

    await widget.dialog.getByText(/you're offline/i).first().waitFor();
    expect(await widget.input.inputValue()).toBe("Sent from a tunnel");
    expect(e2e.proxy.groq.requests).toHaveLength(requestsBefore);
    await page.context().setOffline(false);
    await widget.dialog.getByText(/you're offline/i).first().waitFor({ state: "detached" });
    await widget.input.press("Enter");
    await widget.waitForReply("Welcome back.");
  });
});

describe("a reply being generated", () => {
  it("shows its text as it streams in, and Stop generating ends it", async () => {
    const page = await (await e2e.browser.newContext()).newPage();
    const widget = widgetOn(page);
    await page.goto(e2e.site.page("/stop.html", hostPage({ proxyOrigin: e2e.proxy.origin })));
    await widget.open();
    // Four chunks ("Our", " ke", "ttl", "e b"), then the double goes quiet as a slow model would.
    e2e.proxy.groq.hang({ afterChunks: 4, text: "Our kettle boils fast.", times: 1 });
    const requestsBefore = e2e.proxy.groq.requests.length;

    await widget.send("Tell me everything");
    await widget.log.getByText("Our kettle b").waitFor();
    await widget.stopButton.click();

    await widget.log.getByText("Stopped").waitFor();
    expect(await e2e.proxy.groq.requests[requestsBefore]!.ended).toBe("aborted");
    await widget.sendButton.waitFor();
    await page.context().close();
  });
});

describe("a reply that fails", () => {
  it("says the assistant could not reply, and Retry sends the message again", async () => {
    const page = await (await e2e.browser.newContext()).newPage();
    const widget = widgetOn(page);
    await page.goto(e2e.site.page("/retry.html", hostPage({ proxyOrigin: e2e.proxy.origin })));
    await widget.open();
    e2e.proxy.groq.fail(500, { times: 3 });
    e2e.proxy.groq.reply("Second time lucky.");

    await widget.send("Are you there?");
    await widget.dialog.getByText(/couldn't reply/i).first().waitFor();
    await widget.dialog.getByRole("button", { name: "Retry" }).click();

    await widget.waitForReply("Second time lucky.");
    expect(await widget.log.getByText("Are you there?").count()).toBe(1);
    expect(await widget.dialog.getByText(/couldn't reply/i).count()).toBe(0);
    await page.context().close();
  });
});

describe("a new visitor who closes and reopens the panel", () => {
  it("shows the first exchange once", async () => {
    const page = await (await e2e.browser.newContext()).newPage();
    const widget = widgetOn(page);
    await page.goto(e2e.site.page("/reopen.html", hostPage({ proxyOrigin: e2e.proxy.origin })));
    await widget.open();
    e2e.proxy.groq.reply("Only once, please.");
    await widget.send("First question");
    await widget.waitForReply("Only once, please.");

    await page.keyboard.press("Escape");
    await widget.dialog.waitFor({ state: "hidden" });
    await widget.open();
    // A second exchange after reopening: anything the reopening fetched has landed by its end.
    e2e.proxy.groq.reply("And this once too.");
    await widget.send("Second question");
    await widget.waitForReply("And this once too.");

    const bubbles = await widget.log.locator(".cw-bubble").allInnerTexts();
    expect(bubbles.map((text) => text.replace(/^(You|Assistant):\s*/, "").trim())).toEqual([
      "Hi! How can I help?",
      "First question",
      "Only once, please.",
      "Second question",
      "And this once too.",
    ]);
    await page.context().close();
  });
});

function sessionIdOf(page: Page): Promise<string | null> {
  return page.evaluate(() => localStorage.getItem("chat-widget:session"));
}

async function historyLength(proxyOrigin: string, sessionId: string | null): Promise<number> {
  const response = await fetch(`${proxyOrigin}/api/history?sessionId=${encodeURIComponent(sessionId ?? "")}`);
  const body = (await response.json()) as { messages: unknown[] };
  return body.messages.length;
}
