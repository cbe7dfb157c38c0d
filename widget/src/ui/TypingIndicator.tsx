export function TypingIndicator() {
  return (
    <div class="cw-row cw-row-assistant">
      <div class="cw-bubble cw-bubble-assistant cw-typing">
        <span class="cw-sr">The assistant is typing…</span>
        <span class="cw-dot" aria-hidden="true" />
        <span class="cw-dot" aria-hidden="true" />
        <span class="cw-dot" aria-hidden="true" />
      </div>
    </div>
  );
}
