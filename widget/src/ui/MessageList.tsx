import { useLayoutEffect, useRef } from "preact/hooks";
import type { ChatStore } from "../store";
import { MessageBubble } from "./MessageBubble";
import { TypingIndicator } from "./TypingIndicator";
import { useI18n } from "./use-i18n";
import { useValue } from "./use-value";

// Within this distance of the bottom, new text keeps the list scrolled down; further up, the
// visitor is reading older messages and we leave the scroll position alone.
const STICK_DISTANCE = 48;

export function MessageList({ store, greeting }: { store: ChatStore; greeting: string }) {
  const { text } = useI18n();
  const messages = useValue(store.messages);
  const phase = useValue(store.phase);
  // An invitation to chat would contradict the notice below it.
  const unavailable = useValue(store.unavailable) !== null;
  const ref = useRef<HTMLDivElement>(null);
  const stuck = useRef(true);

  useLayoutEffect(() => {
    const list = ref.current;
    if (list && stuck.current) list.scrollTop = list.scrollHeight;
  }, [messages, phase]);

  const onScroll = () => {
    const list = ref.current;
    if (list) stuck.current = list.scrollHeight - list.scrollTop - list.clientHeight < STICK_DISTANCE;
  };

  return (
    // role=log is a polite live region; aria-busy holds announcements until a reply is complete.
    <div class="cw-log" ref={ref} role="log" aria-label={text.conversation} aria-busy={phase !== "idle"} tabIndex={0} onScroll={onScroll}>
      {greeting && !unavailable && <MessageBubble role="assistant" content={greeting} plain />}
      {messages.map((message) => (
        <MessageBubble key={message.id} role={message.role} content={message.content} status={message.status} sources={message.sources} />
      ))}
      {phase === "waiting" && <TypingIndicator />}
    </div>
  );
}
