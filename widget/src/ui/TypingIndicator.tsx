import { useI18n } from "./use-i18n";

export function TypingIndicator() {
  const { text } = useI18n();
  return (
    <div class="cw-row cw-row-assistant">
      <div class="cw-bubble cw-bubble-assistant cw-typing">
        <span class="cw-sr">{text.typing}</span>
        <span class="cw-dot" aria-hidden="true" />
        <span class="cw-dot" aria-hidden="true" />
        <span class="cw-dot" aria-hidden="true" />
      </div>
    </div>
  );
}
