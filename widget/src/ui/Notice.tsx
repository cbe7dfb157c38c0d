import type { ChatStore } from "../store";
import { problemText } from "./problem-text";
import { useValue } from "./use-value";

export function Notice({ store, onRetry }: { store: ChatStore; onRetry: () => void }) {
  const problem = useValue(store.problem);
  const waitSeconds = useValue(store.waitSeconds);
  const retryable = useValue(store.retryable);
  const canRetry = useValue(store.canRetry);
  if (!problem) return null;
  return (
    <div class="cw-notice" data-kind={problem.kind} data-waiting={waitSeconds > 0}>
      {/* Not a live region: the countdown changes every second. App's status region says it once. */}
      <p class="cw-notice-text">{problemText(problem, waitSeconds)}</p>
      {retryable && (
        <button type="button" class="cw-retry" disabled={!canRetry} onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
