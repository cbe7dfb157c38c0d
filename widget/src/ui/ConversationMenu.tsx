import { useEffect, useRef, useState } from "preact/hooks";
import { MoreIcon, NewChatIcon } from "./icons";

export function ConversationMenu({ onNewConversation }: { onNewConversation: () => void }) {
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
        aria-label="Conversation options"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        <MoreIcon />
      </button>
      {open && (
        <div class="cw-menu" role="menu" aria-label="Conversation options">
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
            New conversation
          </button>
        </div>
      )}
    </div>
  );
}
