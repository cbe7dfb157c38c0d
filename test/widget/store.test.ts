import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../widget/src/errors/api-error";
import { NetworkError } from "../../widget/src/errors/network-error";
import { ProviderError } from "../../widget/src/errors/provider-error";
import { RateLimitedError } from "../../widget/src/errors/rate-limited-error";
import { SiteUnavailableError } from "../../widget/src/errors/site-unavailable-error";
import { createSession } from "../../widget/src/session";
import type { HistoryMessage } from "../../widget/src/api";
import { createStorage } from "../../widget/src/storage";
import { createChatStore } from "../../widget/src/store";
import { fakeApi, settle } from "../helpers/widget-fakes";

function setup(options: { online?: boolean; storedSession?: string } = {}) {
  localStorage.clear();
  if (options.storedSession) localStorage.setItem("chat-widget:session", options.storedSession);
  const api = fakeApi();
  let n = 0;
  const session = createSession(createStorage(), () => `session-${++n}`);
  let online = options.online ?? true;
  const onlineListeners = new Set<() => void>();
  const onOnline = (listener: () => void) => {
    onlineListeners.add(listener);
    return () => onlineListeners.delete(listener);
  };
  const store = createChatStore(api, { session, isOnline: () => online, onOnline });
  /** The browser's `online` event. */
  const comeBackOnline = () => {
    online = true;
    for (const listener of onlineListeners) listener();
  };
  const say = async (text: string) => {
    store.draft.value = text;
    const sending = store.send();
    await settle();
    return sending;
  };
  return { api, store, session, say, goOffline: () => (online = false), goOnline: () => (online = true), comeBackOnline, onlineListeners };
}

const contents = (store: ReturnType<typeof setup>["store"]) => store.messages.value.map((m) => `${m.role}:${m.status}:${m.content}`);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.clearAllTimers();
  vi.useRealTimers();
});

describe("sending", () => {
  it("shows the visitor's message, waits (typing indicator), then streams the reply token by token", async () => {
    const { api, store, say } = setup();
    const sending = say("Hello");
    expect(store.draft.value).toBe("");
    expect(store.phase.value).toBe("waiting");
    expect(contents(store)).toEqual(["user:done:Hello"]);

    api.reply().push("Hi");
    await settle();
    expect(store.phase.value).toBe("streaming");
    expect(contents(store)).toEqual(["user:done:Hello", "assistant:streaming:Hi"]);

    api.reply().push(" there");
    api.reply().finish();
    await sending;
    expect(store.phase.value).toBe("idle");
    expect(contents(store)).toEqual(["user:done:Hello", "assistant:done:Hi there"]);
    expect(api.reply().request).toEqual({ message: "Hello", sessionId: "session-1" });
  });

  it("trims the message and ignores an empty draft", async () => {
    const { api, store, say } = setup();
    await say("   ");
    expect(store.messages.value).toEqual([]);
    const sending = say("  hi  ");
    api.reply().finish();
    await sending;
    expect(api.reply().request?.message).toBe("hi");
  });

  it("does not send a second message while a reply is streaming", async () => {
    const { api, store, say } = setup();
    const first = say("one");
    store.draft.value = "two";
    expect(store.canSend.value).toBe(false);
    await store.send();
    expect(api.replies).toHaveLength(1);
    expect(store.draft.value).toBe("two");
    api.reply().finish();
    await first;
  });

  it("refuses a message over 2000 characters and keeps it in the composer", async () => {
    const { api, store, say } = setup();
    await say("x".repeat(2001));
    expect(store.problem.value).toEqual({ kind: "too-long" });
    expect(store.draft.value).toHaveLength(2001);
    expect(api.replies).toHaveLength(0);
  });
});

describe("stop", () => {
  it("aborts the request and keeps the partial reply marked stopped", async () => {
    const { api, store, say } = setup();
    const sending = say("Tell me a story");
    api.reply().push("Once upon");
    await settle();
    store.stop();
    await sending;
    expect(api.reply().signal?.aborted).toBe(true);
    expect(contents(store)).toEqual(["user:done:Tell me a story", "assistant:stopped:Once upon"]);
    expect(store.phase.value).toBe("idle");
    expect(store.problem.value).toBeNull();
  });

  it("before the first token, leaves just the visitor's message", async () => {
    const { store, say } = setup();
    const sending = say("Hi");
    store.stop();
    await sending;
    expect(contents(store)).toEqual(["user:done:Hi"]);
    expect(store.phase.value).toBe("idle");
  });
});

describe("errors", () => {
  it("429 RATE_LIMITED: says which limit, counts down from Retry-After, then lets the visitor Retry", async () => {
    const { api, store, say } = setup();
    const sending = say("Hello");
    api.reply().fail(new RateLimitedError("Too fast", "RATE_LIMITED", 42, "minute"));
    await sending;

    expect(store.problem.value).toEqual({ kind: "rate-limited", limit: "minute" });
    expect(contents(store)).toEqual(["user:failed:Hello"]);
    expect(store.waitSeconds.value).toBe(42);
    expect(store.retryable.value).toBe(true);
    expect(store.canRetry.value).toBe(false);
    store.draft.value = "another";
    expect(store.canSend.value).toBe(false);

    vi.advanceTimersByTime(1000);
    expect(store.waitSeconds.value).toBe(41);
    vi.advanceTimersByTime(41_000);
    expect(store.waitSeconds.value).toBe(0);
    expect(store.canRetry.value).toBe(true);
    expect(store.canSend.value).toBe(true);
    expect(vi.getTimerCount()).toBe(0);

    const retrying = store.retry();
    await settle();
    expect(contents(store)).toEqual(["user:done:Hello"]);
    expect(store.problem.value).toBeNull();
    api.reply(1).push("Hi!");
    api.reply(1).finish();
    await retrying;
    expect(contents(store)).toEqual(["user:done:Hello", "assistant:done:Hi!"]);
    expect(api.reply(1).request?.message).toBe("Hello");
  });

  it.each([
    ["visitor", "DAILY_QUOTA_EXCEEDED"],
    ["site", "DAILY_QUOTA_EXCEEDED"],
  ] as const)("429 with scope %s is reported as that limit", async (limit, code) => {
    const { api, store, say } = setup();
    const sending = say("Hello");
    api.reply().fail(new RateLimitedError("Quota", code, 3600, limit));
    await sending;
    expect(store.problem.value).toEqual({ kind: "rate-limited", limit });
    expect(store.waitSeconds.value).toBe(3600);
  });

  it("a network error while online is 'unreachable'; the message waits for Retry", async () => {
    const { api, store, say } = setup();
    const sending = say("Hello");
    api.reply().fail(new NetworkError("no", false, false));
    await sending;
    expect(store.problem.value).toEqual({ kind: "unreachable" });
    expect(contents(store)).toEqual(["user:failed:Hello"]);
    expect(store.canRetry.value).toBe(true);
  });

  it("a network error while offline is 'offline'", async () => {
    const { api, store, say } = setup();
    const sending = say("Hello");
    api.reply().fail(new NetworkError("no", true, false));
    await sending;
    expect(store.problem.value).toEqual({ kind: "offline" });
  });

  it("when the browser is known to be offline, does not send and keeps the text in the composer", async () => {
    const { api, store, say } = setup({ online: false });
    await say("Hello");
    expect(store.problem.value).toEqual({ kind: "offline" });
    expect(store.draft.value).toBe("Hello");
    expect(store.messages.value).toEqual([]);
    expect(api.replies).toHaveLength(0);
  });

  it("Retry while offline keeps the failed message and says offline", async () => {
    const { api, store, say, goOffline } = setup();
    const sending = say("Hello");
    api.reply().fail(new NetworkError("no", false, false));
    await sending;
    goOffline();
    await store.retry();
    expect(store.problem.value).toEqual({ kind: "offline" });
    expect(contents(store)).toEqual(["user:failed:Hello"]);
    expect(api.replies).toHaveLength(1);
  });

  it("clears the offline notice when the connection comes back, the text still in the composer", async () => {
    const { store, say, comeBackOnline } = setup({ online: false });
    await say("Hello");
    comeBackOnline();
    expect(store.problem.value).toBeNull();
    expect(store.draft.value).toBe("Hello");
    expect(store.canSend.value).toBe(true);
  });

  it("when a message failed offline, coming back online says so and keeps Retry", async () => {
    const { api, store, say, comeBackOnline } = setup();
    const sending = say("Hello");
    api.reply().fail(new NetworkError("no", true, false));
    await sending;
    comeBackOnline();
    expect(store.problem.value).toEqual({ kind: "reconnected" });
    expect(store.canRetry.value).toBe(true);
    expect(contents(store)).toEqual(["user:failed:Hello"]);
  });

  it("coming back online leaves other problems alone", async () => {
    const { api, store, say, comeBackOnline } = setup();
    const sending = say("Hello");
    api.reply().fail(new RateLimitedError("Too fast", "RATE_LIMITED", 42, "minute"));
    await sending;
    comeBackOnline();
    expect(store.problem.value).toEqual({ kind: "rate-limited", limit: "minute" });
  });

  it("a provider failure mid-reply keeps the partial reply marked failed, and Retry replaces the turn", async () => {
    const { api, store, say } = setup();
    const sending = say("Hello");
    api.reply().push("Par");
    await settle();
    api.reply().fail(new ProviderError("Upstream failed", "PROVIDER_ERROR", 200));
    await sending;
    expect(store.problem.value).toEqual({ kind: "provider", busy: false });
    expect(contents(store)).toEqual(["user:done:Hello", "assistant:failed:Par"]);

    const retrying = store.retry();
    await settle();
    api.reply(1).push("Full reply");
    api.reply(1).finish();
    await retrying;
    expect(contents(store)).toEqual(["user:done:Hello", "assistant:done:Full reply"]);
  });

  it("a dropped connection mid-reply is 'interrupted'", async () => {
    const { api, store, say } = setup();
    const sending = say("Hello");
    api.reply().push("Par");
    await settle();
    api.reply().fail(new NetworkError("dropped", false, true));
    await sending;
    expect(store.problem.value).toEqual({ kind: "interrupted" });
  });

  it("PROVIDER_BUSY waits for its Retry-After before Retry is possible", async () => {
    const { api, store, say } = setup();
    const sending = say("Hello");
    api.reply().fail(new ProviderError("Busy", "PROVIDER_BUSY", 503, 5));
    await sending;
    expect(store.problem.value).toEqual({ kind: "provider", busy: true });
    expect(store.canRetry.value).toBe(false);
    vi.advanceTimersByTime(5000);
    expect(store.canRetry.value).toBe(true);
  });

  it.each([
    ["STORE_UNAVAILABLE", { kind: "unavailable" }],
    ["MESSAGE_TOO_LONG", { kind: "too-long" }],
    ["ORIGIN_NOT_ALLOWED", { kind: "refused", message: "Not allowed here" }],
  ] as const)("ApiError %s becomes its own problem", async (code, problem) => {
    const { api, store, say } = setup();
    const sending = say("Hello");
    api.reply().fail(new ApiError("Not allowed here", code, 503));
    await sending;
    expect(store.problem.value).toEqual(problem);
  });

  it("sending a new message clears the previous problem", async () => {
    const { api, store, say } = setup();
    const first = say("one");
    api.reply().fail(new NetworkError("no", false, false));
    await first;
    const second = say("two");
    expect(store.problem.value).toBeNull();
    expect(store.retryable.value).toBe(false);
    api.reply(1).finish();
    await second;
  });
});

describe("history and sessions", () => {
  it("restores the conversation from the proxy once, for the stored session", async () => {
    const { api, store } = setup({ storedSession: "kept" });
    api.history = [
      { role: "user", content: "Earlier question", createdAt: "" },
      { role: "assistant", content: "Earlier answer", createdAt: "" },
    ];
    await store.restore();
    await store.restore();
    expect(api.historyRequests).toEqual(["kept"]);
    expect(contents(store)).toEqual(["user:done:Earlier question", "assistant:done:Earlier answer"]);
  });

  it("asks a new visitor's first open for the thread of the session it starts, so a refused site shows at once", async () => {
    const { api, store, session } = setup();
    await store.restore();
    expect(api.historyRequests).toEqual(["session-1"]);
    expect(session.current()).toBe("session-1");
  });

  it("tries the restore again on the next open after a failure", async () => {
    const { api, store } = setup({ storedSession: "kept" });
    api.history = new NetworkError("no", false, false);
    await store.restore();
    expect(store.messages.value).toEqual([]);
    api.history = [{ role: "assistant", content: "Back", createdAt: "" }];
    await store.restore();
    expect(contents(store)).toEqual(["assistant:done:Back"]);
  });

  it("shows a new visitor's first exchange once when the panel is opened again", async () => {
    const { api, store, say } = setup();
    await store.restore();
    const sending = say("First question");
    api.reply().push("First answer");
    api.reply().finish();
    await sending;
    // What the proxy now holds for the session this page created.
    api.history = [
      { role: "user", content: "First question", createdAt: "" },
      { role: "assistant", content: "First answer", createdAt: "" },
    ];
    await store.restore();
    expect(api.historyRequests).toEqual(["session-1"]);
    expect(contents(store)).toEqual(["user:done:First question", "assistant:done:First answer"]);
  });

  it("does not try a failed restore again once the visitor has sent a message", async () => {
    const { api, store, say } = setup({ storedSession: "kept" });
    api.history = new NetworkError("no", false, false);
    await store.restore();
    const sending = say("Hello");
    api.reply().finish();
    await sending;
    api.history = [{ role: "user", content: "Hello", createdAt: "" }];
    await store.restore();
    expect(api.historyRequests).toEqual(["kept"]);
    expect(contents(store)).toEqual(["user:done:Hello"]);
  });

  it("a message sent while the thread is loading goes out after it, below the restored thread", async () => {
    const { api, store, say } = setup({ storedSession: "kept" });
    let answerHistory: (messages: HistoryMessage[]) => void = () => undefined;
    api.getHistory = () => new Promise((resolve) => (answerHistory = resolve));
    const restoring = store.restore();
    const sending = say("New question");
    expect(api.replies).toHaveLength(0);
    expect(contents(store)).toEqual(["user:done:New question"]);

    answerHistory([{ role: "assistant", content: "Earlier answer", createdAt: "" }]);
    await restoring;
    await settle();
    expect(api.reply().request?.message).toBe("New question");
    api.reply().push("New answer");
    api.reply().finish();
    await sending;
    expect(contents(store)).toEqual(["assistant:done:Earlier answer", "user:done:New question", "assistant:done:New answer"]);
  });

  it("Stop while the thread is still loading keeps the waiting message from going out", async () => {
    const { api, store, say } = setup({ storedSession: "kept" });
    api.getHistory = (_sessionId, signal) =>
      new Promise((_resolve, reject) => signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
    void store.restore();
    const sending = say("Hello");
    store.stop();
    await sending;
    expect(store.phase.value).toBe("idle");
    expect(api.replies).toEqual([]);
  });

  it("Stop while the thread is still loading takes the unsent message out of the log and puts its text back in the composer", async () => {
    const { api, store, say } = setup({ storedSession: "kept" });
    api.getHistory = (_sessionId, signal) =>
      new Promise((_resolve, reject) => signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
    void store.restore();
    const sending = say("Hello");
    expect(contents(store)).toEqual(["user:done:Hello"]);
    store.stop();
    await sending;
    expect(contents(store)).toEqual([]);
    expect(store.draft.value).toBe("Hello");
    expect(store.canSend.value).toBe(true);
  });

  it("Stop while the thread is still loading puts the unsent text back before what the visitor typed since", async () => {
    const { api, store, say } = setup({ storedSession: "kept" });
    api.getHistory = (_sessionId, signal) =>
      new Promise((_resolve, reject) => signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
    void store.restore();
    const sending = say("Hello");
    store.draft.value = "Are you there?";
    store.stop();
    await sending;
    expect(store.draft.value).toBe("Hello\nAre you there?");
  });

  it("New conversation while the thread is still loading drops the unsent message and leaves the composer empty", async () => {
    const { api, store, say } = setup({ storedSession: "kept" });
    api.getHistory = (_sessionId, signal) =>
      new Promise((_resolve, reject) => signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
    void store.restore();
    const sending = say("Hello");
    await store.reset();
    await sending;
    expect(contents(store)).toEqual([]);
    expect(store.draft.value).toBe("");
    expect(api.replies).toEqual([]);
  });

  it("reset: deletes the old thread on the proxy, makes a new sessionId and clears the panel", async () => {
    const { api, store, session, say } = setup();
    const sending = say("Hello");
    api.reply().finish();
    await sending;
    await store.reset();
    expect(api.deleted).toEqual(["session-1"]);
    expect(session.current()).toBe("session-2");
    expect(store.messages.value).toEqual([]);
    expect(localStorage.getItem("chat-widget:session")).toBe("session-2");
  });

  it("reset during a reply aborts it", async () => {
    const { api, store, say } = setup();
    const sending = say("Hello");
    await store.reset();
    await sending;
    expect(api.reply().signal?.aborted).toBe(true);
    expect(store.messages.value).toEqual([]);
    expect(store.phase.value).toBe("idle");
  });
});

describe("a site the proxy refuses (403 SITE_DISABLED, 404 UNKNOWN_SITE)", () => {
  const disabled = () => new SiteUnavailableError("The chat is unavailable on this site right now.", "SITE_DISABLED", 403);
  const unknown = () => new SiteUnavailableError("This chat is not set up for this site.", "UNKNOWN_SITE", 404);

  it("403 SITE_DISABLED to the history request on open: unavailable for that reason, and nothing can be sent", async () => {
    const { api, store, say } = setup();
    api.history = disabled();
    await store.restore();
    expect(store.unavailable.value).toBe("SITE_DISABLED");
    expect(store.problem.value).toBeNull();
    await say("Hello?");
    expect(store.canSend.value).toBe(false);
    expect(api.replies).toHaveLength(0);
    expect(store.messages.value).toEqual([]);
  });

  it("404 UNKNOWN_SITE to a chat message: the message is marked not sent, with no Retry and no countdown", async () => {
    const { api, store, say } = setup({ storedSession: "kept" });
    await store.restore();
    const sending = say("Hello?");
    const timers = vi.getTimerCount();
    api.reply().fail(unknown());
    await sending;
    expect(store.unavailable.value).toBe("UNKNOWN_SITE");
    expect(contents(store)).toEqual(["user:failed:Hello?"]);
    expect(store.problem.value).toBeNull();
    expect(store.retryable.value).toBe(false);
    expect(store.waitSeconds.value).toBe(0);
    expect(vi.getTimerCount()).toBe(timers);
  });

  it("stays unavailable for the page's life: a reopen asks nothing, New conversation and the connection coming back leave it", async () => {
    const { api, store, comeBackOnline } = setup({ storedSession: "kept" });
    api.history = disabled();
    await store.restore();
    api.history = [];
    await store.restore();
    expect(api.historyRequests).toEqual(["kept"]);
    await store.reset();
    comeBackOnline();
    expect(store.unavailable.value).toBe("SITE_DISABLED");
    store.draft.value = "Hello?";
    expect(store.canSend.value).toBe(false);
  });

  it("a message sent while the refused history request is in flight never goes out", async () => {
    const { api, store, say } = setup();
    let refuse: (error: unknown) => void = () => undefined;
    api.getHistory = () => new Promise((_resolve, reject) => (refuse = reject));
    const restoring = store.restore();
    const sending = say("Hello?");
    refuse(disabled());
    await restoring;
    await sending;
    expect(api.replies).toHaveLength(0);
    expect(contents(store)).toEqual(["user:failed:Hello?"]);
    expect(store.phase.value).toBe("idle");
  });
});

describe("dispose", () => {
  it("clears the countdown timer", async () => {
    const { api, store, say } = setup();
    const first = say("one");
    api.reply().fail(new RateLimitedError("Too fast", "RATE_LIMITED", 42, "minute"));
    await first;
    const timers = vi.getTimerCount();
    store.dispose();
    expect(vi.getTimerCount()).toBe(timers - 1);
  });

  it("stops listening for the connection coming back", () => {
    const { store, onlineListeners } = setup();
    expect(onlineListeners.size).toBe(1);
    store.dispose();
    expect(onlineListeners.size).toBe(0);
  });

  it("aborts the request in flight", async () => {
    const { api, store, say } = setup();
    const sending = say("one");
    store.dispose();
    await sending;
    expect(api.reply().signal?.aborted).toBe(true);
  });
});
