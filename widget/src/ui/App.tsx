import type { ReadonlySignal } from "@preact/signals-core";
import { useLayoutEffect, useMemo, useRef } from "preact/hooks";
import type { I18n } from "../i18n/translator";
import type { ChatStore } from "../store";
import type { WidgetConfig } from "../types";
import { Composer } from "./Composer";
import { keepTabInside } from "./focus-trap";
import { Header } from "./Header";
import { MessageList } from "./MessageList";
import { Notice } from "./Notice";
import { problemText, unavailableText } from "./problem-text";
import { useFullScreen } from "./use-full-screen";
import { I18nContext } from "./use-i18n";
import { useValue } from "./use-value";

interface Props {
  store: ChatStore;
  config: WidgetConfig;
  /** The visitor's language: its table, direction and Intl formatters. */
  i18n: I18n;
  open: ReadonlySignal<boolean>;
  /** Read when the panel opens: false when it opened by itself at page load. */
  moveFocus?: ReadonlySignal<boolean>;
  onClose: () => void;
}

export function App({ store, config, i18n, open, moveFocus, onClose }: Props) {
  const isOpen = useValue(open);
  const modal = useFullScreen();
  const panel = useRef<HTMLElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const focusComposer = () => input.current?.focus();

  // A layout effect, so focus has moved by the time open() returns to the event loop.
  useLayoutEffect(() => {
    if (!isOpen || moveFocus?.peek() === false) return;
    // On touch screens focusing the textarea would throw the keyboard up uninvited.
    const touch = typeof matchMedia === "function" && matchMedia("(pointer: coarse)").matches;
    (touch ? panel.current : input.current)?.focus();
  }, [isOpen]);

  // Said once per problem (and once when the wait is over), not on every tick of the countdown.
  const problem = useValue(store.problem);
  const unavailable = useValue(store.unavailable);
  const ready = useValue(store.waitSeconds) === 0;
  const announcement = useMemo(
    () => (unavailable ? unavailableText(unavailable, i18n) : problem ? problemText(problem, store.waitSeconds.peek(), i18n) : ""),
    [unavailable, problem, ready],
  );

  // The site owner's data-title / data-greeting / data-placeholder win over the language's own.
  const title = config.title ?? i18n.text.title;

  return (
    <I18nContext.Provider value={i18n}>
    <section
      id="cw-panel"
      ref={panel}
      class={isOpen ? "cw-panel is-open" : "cw-panel"}
      role="dialog"
      aria-label={title}
      lang={i18n.locale}
      dir={i18n.dir}
      aria-modal={modal || undefined}
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.key === "Escape" && !event.defaultPrevented) {
          event.preventDefault();
          onClose();
        }
        if (modal) keepTabInside(event, event.currentTarget);
      }}
    >
      <Header
        title={title}
        onClose={onClose}
        onNewConversation={() => {
          void store.reset();
          focusComposer();
        }}
      />
      <MessageList store={store} greeting={config.greeting ?? i18n.text.greeting} />
      <Notice
        store={store}
        onRetry={() => {
          void store.retry();
          focusComposer();
        }}
      />
      <Composer
        store={store}
        placeholder={config.placeholder ?? i18n.text.placeholder}
        inputRef={input}
        onStop={() => {
          store.stop();
          focusComposer();
        }}
      />
      <div class="cw-sr" role="status">
        {announcement}
      </div>
    </section>
    </I18nContext.Provider>
  );
}
