import type { SiteUnavailableReason } from "../errors/site-unavailable-error";
import { fill, type I18n } from "../i18n/translator";
import { MAX_MESSAGE_LENGTH } from "../message-limit";
import type { ChatProblem } from "../problem";

/** The sentence shown while the proxy refuses this site. */
export function unavailableText(reason: SiteUnavailableReason, { text }: I18n): string {
  return reason === "UNKNOWN_SITE" ? text.siteNotSetUp : text.siteDisabled;
}

/** The sentence shown for a problem, in the visitor's language; `waitSeconds` is the live countdown. */
export function problemText(problem: ChatProblem, waitSeconds: number, i18n: I18n): string {
  const { text } = i18n;
  const inTime = (template: string) => fill(template, { time: i18n.wait(waitSeconds) });
  switch (problem.kind) {
    case "rate-limited":
      if (waitSeconds === 0) return text.readyAgain;
      if (problem.limit === "minute") return inTime(text.tooFast);
      if (problem.limit === "visitor") return inTime(text.visitorLimit);
      return text.siteLimit;
    case "offline":
      return text.offline;
    case "reconnected":
      return text.reconnected;
    case "unreachable":
      return text.unreachable;
    case "interrupted":
      return text.interrupted;
    case "provider":
      if (problem.busy) return waitSeconds > 0 ? inTime(text.busyWait) : text.busy;
      return text.providerError;
    case "unavailable":
      return text.storeUnavailable;
    case "too-long":
      return i18n.plural(text.tooLong, MAX_MESSAGE_LENGTH);
    case "unknown":
      return text.somethingWrong;
    case "refused":
      // The proxy's own sentence (an error this widget has no words for).
      return problem.message;
  }
}
