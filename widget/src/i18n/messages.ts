// The shape of a language's message table: every string the widget shows or gives an accessible
// name. Type-only, so the loader and the panel share it without sharing code.

/** One text per plural category the language uses (Intl.PluralRules), `other` always. */
export type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

export interface Messages {
  /** The launcher's accessible name; also copied into widget.js at build time (see vite.config.ts). */
  openChat: string;
  /** Panel heading and dialog name unless the site owner set data-title. */
  title: string;
  subtitle: string;
  /** Unless the site owner set data-greeting. */
  greeting: string;
  /** Unless the site owner set data-placeholder. */
  placeholder: string;
  conversationOptions: string;
  newConversation: string;
  closeChat: string;
  /** The message log's accessible name. */
  conversation: string;
  /** Read by screen readers before each message. */
  you: string;
  assistant: string;
  notSent: string;
  replyInterrupted: string;
  stopped: string;
  typing: string;
  /** The composer's accessible name. */
  message: string;
  chatUnavailable: string;
  stopGenerating: string;
  send: string;
  retry: string;
  /** The label over the links a grounded reply drew on. */
  sources: string;
  readyAgain: string;
  /** `{time}` is a relative time in the visitor's language, e.g. "in 42 seconds", "dans 42 secondes". */
  tooFast: string;
  visitorLimit: string;
  siteLimit: string;
  offline: string;
  reconnected: string;
  unreachable: string;
  interrupted: string;
  busyWait: string;
  busy: string;
  providerError: string;
  storeUnavailable: string;
  /** The site owner disabled the chat (403 SITE_DISABLED). */
  siteDisabled: string;
  /** The proxy does not know this site (404 UNKNOWN_SITE). */
  siteNotSetUp: string;
  /** `{count}` is the longest message the proxy accepts, formatted for the visitor's locale. */
  tooLong: Plural;
  somethingWrong: string;
}
