import { MAX_MESSAGE_LENGTH } from "../message-limit";
import type { ChatProblem } from "../problem";

/** "42 s", "5 min", "3 h 12 min": a wait in words a visitor reads at a glance. */
export function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.ceil(seconds / 60)} min`;
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.ceil((seconds % 3600) / 60);
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

const READY_AGAIN = "You can send messages again.";

/** The sentence shown for a problem; `waitSeconds` is the live countdown. */
export function problemText(problem: ChatProblem, waitSeconds: number): string {
  switch (problem.kind) {
    case "rate-limited":
      if (waitSeconds === 0) return READY_AGAIN;
      if (problem.limit === "minute") return `You're sending messages too fast — try again in ${formatWait(waitSeconds)}`;
      if (problem.limit === "visitor") return `You've reached today's message limit — try again in ${formatWait(waitSeconds)}`;
      return "This site's daily chat limit is reached — back tomorrow";
    case "offline":
      return "You're offline. Your message is kept — send it again once you're back online.";
    case "reconnected":
      return "You're back online. Press Retry to send your message.";
    case "unreachable":
      return "Can't reach the chat service right now. Check your connection and try again.";
    case "interrupted":
      return "The connection dropped before the reply finished.";
    case "provider":
      if (problem.busy) {
        return waitSeconds > 0 ? `The assistant is busy — try again in ${formatWait(waitSeconds)}` : "The assistant is busy right now. Please try again.";
      }
      return "The assistant ran into a problem and couldn't reply. Please try again.";
    case "unavailable":
      return "The chat service is temporarily unavailable. Please try again in a moment.";
    case "too-long":
      return `That message is too long — please keep it under ${MAX_MESSAGE_LENGTH.toLocaleString("en-US")} characters.`;
    case "refused":
      return problem.message;
  }
}
