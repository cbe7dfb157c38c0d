import { ConversationMenu } from "./ConversationMenu";
import { CloseIcon, SparkIcon } from "./icons";
import { useI18n } from "./use-i18n";

interface Props {
  title: string;
  onClose: () => void;
  onNewConversation: () => void;
}

export function Header({ title, onClose, onNewConversation }: Props) {
  const { text } = useI18n();
  return (
    <header class="cw-header">
      <span class="cw-avatar" aria-hidden="true">
        <SparkIcon />
      </span>
      <div class="cw-heading">
        <h2 class="cw-title">{title}</h2>
        <p class="cw-subtitle">{text.subtitle}</p>
      </div>
      <ConversationMenu onNewConversation={onNewConversation} />
      <button type="button" class="cw-icon-button" aria-label={text.closeChat} onClick={onClose}>
        <CloseIcon />
      </button>
    </header>
  );
}
