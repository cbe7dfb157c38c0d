import type { ChatMessage } from "../store";
import { Markdown } from "./Markdown";

const STATUS_TEXT: Partial<Record<`${ChatMessage["role"]}:${ChatMessage["status"]}`, string>> = {
  "user:failed": "Not sent",
  "assistant:failed": "Reply interrupted",
  "assistant:stopped": "Stopped",
};

interface Props {
  role: ChatMessage["role"];
  content: string;
  status?: ChatMessage["status"];
  /** The greeting is the site owner's text, not the model's: shown as is. */
  plain?: boolean;
}

export function MessageBubble({ role, content, status = "done", plain = false }: Props) {
  const statusText = STATUS_TEXT[`${role}:${status}`];
  return (
    <div class={`cw-row cw-row-${role}`} data-status={status}>
      <div class={`cw-bubble cw-bubble-${role}`}>
        <span class="cw-sr">{role === "user" ? "You:" : "Assistant:"} </span>
        {role === "assistant" && !plain ? <Markdown text={content} /> : <p class="cw-plain">{content}</p>}
      </div>
      {statusText && <p class="cw-status">{statusText}</p>}
    </div>
  );
}
