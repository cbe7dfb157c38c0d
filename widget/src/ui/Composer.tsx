import type { RefObject } from "preact";
import { useLayoutEffect } from "preact/hooks";
import { MAX_MESSAGE_LENGTH } from "../message-limit";
import type { ChatStore } from "../store";
import { SendIcon, StopIcon } from "./icons";
import { NOTICE_ID } from "./Notice";
import { useI18n } from "./use-i18n";
import { useValue } from "./use-value";

const MAX_HEIGHT = 140;
const COUNTER_FROM = MAX_MESSAGE_LENGTH - 200;

interface Props {
  store: ChatStore;
  placeholder: string;
  inputRef: RefObject<HTMLTextAreaElement>;
  onStop: () => void;
}

export function Composer({ store, placeholder, inputRef, onStop }: Props) {
  const draft = useValue(store.draft);
  const busy = useValue(store.phase) !== "idle";
  const waiting = useValue(store.waitSeconds) > 0;
  const unavailable = useValue(store.unavailable) !== null;
  const locked = waiting || unavailable;
  const canSend = useValue(store.canSend);
  const { text, number } = useI18n();

  // Grow with the text up to a few lines. CSSOM writes are allowed under a strict style-src CSP.
  useLayoutEffect(() => {
    const input = inputRef.current;
    if (!input) return;
    input.style.height = "auto";
    input.style.height = `${Math.min(input.scrollHeight, MAX_HEIGHT)}px`;
  }, [draft]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void store.send();
    }
  };

  return (
    <form
      class="cw-composer"
      onSubmit={(event) => {
        event.preventDefault();
        void store.send();
      }}
    >
      {/* readOnly + aria-disabled rather than disabled, so keyboard focus stays put (or lands here on
          open) and a screen reader still reads why: the unavailable notice is its description. */}
      <textarea
        ref={inputRef}
        class="cw-input"
        aria-label={text.message}
        aria-disabled={locked}
        aria-describedby={unavailable ? NOTICE_ID : undefined}
        readOnly={locked}
        placeholder={unavailable ? text.chatUnavailable : placeholder}
        rows={1}
        maxLength={MAX_MESSAGE_LENGTH}
        value={draft}
        onInput={(event) => (store.draft.value = event.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
      {draft.length >= COUNTER_FROM && (
        <span class="cw-counter" aria-live="polite">
          {number(draft.length)}/{number(MAX_MESSAGE_LENGTH)}
        </span>
      )}
      {busy ? (
        <button type="button" class="cw-send cw-stop" aria-label={text.stopGenerating} onClick={onStop}>
          <StopIcon />
        </button>
      ) : (
        <button type="submit" class="cw-send" aria-label={text.send} disabled={!canSend}>
          <SendIcon />
        </button>
      )}
    </form>
  );
}
