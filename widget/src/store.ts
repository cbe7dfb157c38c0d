import { batch, computed, signal, type ReadonlySignal, type Signal } from "@preact/signals-core";
import type { ChatApi, Source } from "./api";
import { isBrowserOnline, onBrowserOnline } from "./connection";
import { createCountdown } from "./countdown";
import { isAbortError } from "./errors/is-abort";
import { SiteUnavailableError, type SiteUnavailableReason } from "./errors/site-unavailable-error";
import { MAX_MESSAGE_LENGTH } from "./message-limit";
import { diagnose, type ChatProblem } from "./problem";
import type { Session } from "./session";

/**
 * done: delivered or complete; streaming: the reply is arriving; stopped: the visitor pressed
 * Stop; failed: a message that was not delivered, or a reply that broke off.
 */
export type MessageStatus = "done" | "streaming" | "stopped" | "failed";

export interface ChatMessage {
  id: string;
  role: "user" | "assistant";
  content: string;
  status: MessageStatus;
  /** The site's pages the reply drew on, shown as links under it. */
  sources?: Source[];
}

/** waiting: sent, no token yet (typing indicator); streaming: tokens are arriving. */
export type Phase = "idle" | "waiting" | "streaming";

export interface ChatStore {
  messages: ReadonlySignal<ChatMessage[]>;
  /** The composer's text; kept here so no error can lose it. */
  draft: Signal<string>;
  phase: ReadonlySignal<Phase>;
  problem: ReadonlySignal<ChatProblem | null>;
  /**
   * Why the proxy refused this site (disabled or unknown), else null. It stays for the page's
   * life: nothing the visitor does here can change it, and a reload asks again.
   */
  unavailable: ReadonlySignal<SiteUnavailableReason | null>;
  /** Seconds until the proxy accepts messages again (live countdown); 0 when nothing to wait for. */
  waitSeconds: ReadonlySignal<number>;
  canSend: ReadonlySignal<boolean>;
  /** A failed message is waiting for Retry (the button shows; canRetry says whether it works yet). */
  retryable: ReadonlySignal<boolean>;
  canRetry: ReadonlySignal<boolean>;
  /**
   * Loads the conversation kept on the proxy, once per page: again after a failure, but never
   * after the visitor has sent a message from this page. Also how the panel learns, on first
   * open, that the proxy refuses this site.
   */
  restore(): Promise<void>;
  send(): Promise<void>;
  retry(): Promise<void>;
  /** Stops the reply; a message still waiting for the old thread goes back to the composer unsent. */
  stop(): void;
  /** New conversation: clears the panel, makes a new sessionId, deletes the old thread on the proxy. */
  reset(): Promise<void>;
  dispose(): void;
}

export interface StoreOptions {
  session: Session;
  isOnline?: () => boolean;
  /** Calls `listener` whenever the browser's connection comes back; returns the unsubscribe. */
  onOnline?: (listener: () => void) => () => void;
  now?: () => number;
}

interface FailedTurn {
  text: string;
  messageIds: string[];
}

export function createChatStore(
  api: ChatApi,
  { session, isOnline = isBrowserOnline, onOnline = onBrowserOnline, now = Date.now }: StoreOptions,
): ChatStore {
  const messages = signal<ChatMessage[]>([]);
  const draft = signal("");
  const phase = signal<Phase>("idle");
  const problem = signal<ChatProblem | null>(null);
  const unavailable = signal<SiteUnavailableReason | null>(null);
  const failedTurn = signal<FailedTurn | null>(null);
  const countdown = createCountdown(now);
  const waitSeconds = countdown.seconds;
  const canSend = computed(() => phase.value === "idle" && waitSeconds.value === 0 && unavailable.value === null && draft.value.trim() !== "");
  const retryable = computed(() => failedTurn.value !== null);
  const canRetry = computed(() => retryable.value && phase.value === "idle" && waitSeconds.value === 0);

  let nextId = 0;
  const newId = () => `m${++nextId}`;
  let inFlight: AbortController | null = null;
  let restoring: AbortController | null = null;
  let restoreSettled: Promise<void> = Promise.resolve();
  // True once the panel shows the whole thread: it was restored, or there was none to restore, or
  // this page has talked to the proxy (its messages are on screen; a fetch now would show them twice).
  let restored = false;
  // The visitor's message while it waits for the old thread to load: it has not gone out yet.
  let queued: { id: string; text: string } | null = null;

  const update = (id: string, change: Partial<ChatMessage>) => {
    messages.value = messages.value.map((message) => (message.id === id ? { ...message, ...change } : message));
  };

  async function deliver(text: string): Promise<void> {
    const user: ChatMessage = { id: newId(), role: "user", content: text, status: "done" };
    const replyId = newId();
    let reply = "";
    const controller = new AbortController();
    inFlight = controller;
    batch(() => {
      messages.value = [...messages.value, user];
      problem.value = null;
      failedTurn.value = null;
      phase.value = "waiting";
    });
    restored = true;
    try {
      // A restore still in flight lands first, above this message: its snapshot then cannot
      // already hold the message, which has not gone to the proxy yet.
      if (restoring) {
        queued = { id: user.id, text };
        await restoreSettled;
        queued = null;
        controller.signal.throwIfAborted();
        if (unavailable.value !== null) {
          update(user.id, { status: "failed" });
          return;
        }
      }
      for await (const delta of api.streamChat({ message: text, sessionId: session.ensure() }, controller.signal)) {
        if (typeof delta !== "string") {
          update(replyId, { sources: delta.sources });
          continue;
        }
        if (reply === "") {
          batch(() => {
            messages.value = [...messages.value, { id: replyId, role: "assistant", content: delta, status: "streaming" }];
            phase.value = "streaming";
          });
        } else update(replyId, { content: reply + delta });
        reply += delta;
      }
      update(replyId, { status: "done" });
    } catch (error) {
      if (controller.signal.aborted || isAbortError(error)) {
        update(replyId, { status: "stopped" });
        return;
      }
      // No Retry and no countdown: only the site owner can bring the chat back.
      if (error instanceof SiteUnavailableError) {
        batch(() => {
          update(user.id, { status: "failed" });
          unavailable.value = error.reason;
        });
        return;
      }
      const { problem: found, waitSeconds: wait } = diagnose(error);
      batch(() => {
        // Nothing arrived: the visitor's own message is the one that failed, and Retry resends it.
        update(reply === "" ? user.id : replyId, { status: "failed" });
        failedTurn.value = { text, messageIds: [user.id, replyId] };
        problem.value = found;
        countdown.start(wait);
      });
    } finally {
      if (inFlight === controller) inFlight = null;
      phase.value = "idle";
    }
  }

  // "You're offline" is no longer true once the connection is back. A message that failed
  // offline still waits for Retry, so the notice stays, saying the visitor can send it now.
  const stopWatchingConnection = onOnline(() => {
    if (problem.value?.kind === "offline") problem.value = failedTurn.value ? { kind: "reconnected" } : null;
  });

  const refuseOffline = (): boolean => {
    if (isOnline()) return false;
    problem.value = { kind: "offline" };
    return true;
  };

  return {
    messages,
    draft,
    phase,
    problem,
    unavailable,
    waitSeconds,
    canSend,
    retryable,
    canRetry,

    restore() {
      if (restored || restoring || unavailable.value !== null) return restoreSettled;
      // A new visitor's session starts here, so the first open asks the proxy too (its thread is
      // empty): a refused site then says so before the visitor types anything.
      const sessionId = session.ensure();
      const controller = new AbortController();
      restoring = controller;
      restoreSettled = (async () => {
        try {
          const history = await api.getHistory(sessionId, controller.signal);
          if (controller.signal.aborted) return;
          restored = true;
          const earlier = history.map((message): ChatMessage => ({ id: newId(), role: message.role, content: message.content, status: "done" }));
          messages.value = [...earlier, ...messages.value];
        } catch (error) {
          if (error instanceof SiteUnavailableError) unavailable.value = error.reason;
          // Anything else is not fatal: the panel works without the old thread, and the next open
          // tries again (unless the visitor has sent a message meanwhile, which marks the restore done).
        } finally {
          if (restoring === controller) restoring = null;
        }
      })();
      return restoreSettled;
    },

    async send() {
      const text = draft.value.trim();
      if (!canSend.value) return;
      if (text.length > MAX_MESSAGE_LENGTH) {
        problem.value = { kind: "too-long" };
        return;
      }
      // The text stays in the composer when we already know it cannot go out.
      if (refuseOffline()) return;
      draft.value = "";
      await deliver(text);
    },

    async retry() {
      const turn = failedTurn.value;
      if (!turn || !canRetry.value || refuseOffline()) return;
      messages.value = messages.value.filter((message) => !turn.messageIds.includes(message.id));
      await deliver(turn.text);
    },

    stop() {
      // A message that never went out does not stay in the log looking sent: its text goes back
      // into the composer, before anything typed since.
      if (queued) {
        const { id, text } = queued;
        queued = null;
        batch(() => {
          messages.value = messages.value.filter((message) => message.id !== id);
          draft.value = draft.value.trim() === "" ? text : `${text}\n${draft.value}`;
        });
      }
      // Stop also ends a wait for the old thread, so a hung history request cannot hold a message.
      restoring?.abort();
      inFlight?.abort();
    },

    async reset() {
      inFlight?.abort();
      restoring?.abort();
      restored = true;
      const previous = session.current();
      batch(() => {
        messages.value = [];
        problem.value = null;
        failedTurn.value = null;
      });
      session.renew();
      // The old thread is unreachable now either way; a failed delete only lets it expire on the proxy.
      if (previous !== null) await api.deleteHistory(previous).catch(() => undefined);
    },

    dispose() {
      inFlight?.abort();
      restoring?.abort();
      countdown.dispose();
      stopWatchingConnection();
    },
  };
}
