import { useEffect, useRef, useState } from "preact/hooks";
import { MoreIcon, NewChatIcon } from "./icons";
import { useI18n } from "./use-i18n";

export function ConversationMenu({ onNewConversation }: { onNewConversation: () => void }) {
  const { text } = useI18n();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const firstItem = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (open) firstItem.current?.focus();
  }, [open]);

  const close = (returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) button.current?.focus();
  };

  return (
    <div
      class="cw-menu-wrap"
      onKeyDown={(event) => {
        // Escape closes the menu only, not the whole panel.
        if (event.key === "Escape" && open) {
          event.preventDefault();
          event.stopPropagation();
          close(true);
        }
      }}
      onFocusOut={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        ref={button}
        type="button"
        class="cw-icon-button"
        aria-label={text.conversationOptions}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        <MoreIcon />
      </button>
      {open && (
        <div class="cw-menu" role="menu" aria-label={text.conversationOptions}>
          <button
            ref={firstItem}
            type="button"
            role="menuitem"
            class="cw-menu-item"
            onClick={() => {
              close(false);
              onNewConversation();
            }}
          >
            <NewChatIcon />
            {text.newConversation}
          </button>
        </div>
      )}
    </div>
  );
}
