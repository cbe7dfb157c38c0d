import type { ChatMessage } from "../store";
import { Markdown } from "./Markdown";
import { SourceLinks } from "./SourceLinks";
import { useI18n } from "./use-i18n";

const STATUS_TEXT: Partial<Record<`${ChatMessage["role"]}:${ChatMessage["status"]}`, "notSent" | "replyInterrupted" | "stopped">> = {
  "user:failed": "notSent",
  "assistant:failed": "replyInterrupted",
  "assistant:stopped": "stopped",
};

interface Props {
  role: ChatMessage["role"];
  content: string;
  status?: ChatMessage["status"];
  sources?: ChatMessage["sources"];
  /** The greeting is the site owner's text, not the model's: shown as is. */
  plain?: boolean;
}

export function MessageBubble({ role, content, status = "done", sources, plain = false }: Props) {
  const { text } = useI18n();
  const statusKey = STATUS_TEXT[`${role}:${status}`];
  const statusText = statusKey && text[statusKey];
  return (
    <div class={`cw-row cw-row-${role}`} data-status={status}>
      <div class={`cw-bubble cw-bubble-${role}`}>
        <span class="cw-sr">{role === "user" ? text.you : text.assistant} </span>
        {role === "assistant" && !plain ? <Markdown text={content} /> : <p class="cw-plain" dir="auto">{content}</p>}
      </div>
      {sources && sources.length > 0 && <SourceLinks sources={sources} />}
      {statusText && <p class="cw-status">{statusText}</p>}
    </div>
  );
}
