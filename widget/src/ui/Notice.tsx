import type { ChatStore } from "../store";
import { problemText, unavailableText } from "./problem-text";
import { useI18n } from "./use-i18n";
import { useValue } from "./use-value";

/** The composer points at the notice (aria-describedby) while the chat is unavailable. */
export const NOTICE_ID = "cw-notice-text";

export function Notice({ store, onRetry }: { store: ChatStore; onRetry: () => void }) {
  const i18n = useI18n();
  const problem = useValue(store.problem);
  const unavailable = useValue(store.unavailable);
  const waitSeconds = useValue(store.waitSeconds);
  const retryable = useValue(store.retryable);
  const canRetry = useValue(store.canRetry);
  // An unavailable site outranks any problem; it never comes with Retry (it leaves no failed turn).
  const text = unavailable ? unavailableText(unavailable, i18n) : problem && problemText(problem, waitSeconds, i18n);
  if (!text) return null;
  return (
    <div class="cw-notice" data-kind={unavailable === null ? problem?.kind : "site-unavailable"} data-waiting={waitSeconds > 0}>
      {/* Not a live region: the countdown changes every second. App's status region says it once. */}
      <p class="cw-notice-text" id={NOTICE_ID}>
        {text}
      </p>
      {retryable && (
        <button type="button" class="cw-retry" disabled={!canRetry} onClick={onRetry}>
          {i18n.text.retry}
        </button>
      )}
    </div>
  );
}
