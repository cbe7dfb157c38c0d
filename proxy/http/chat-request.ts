// The contract's field limits for POST /api/chat and the sessionId query parameter. Context is
// best effort: a pageUrl that is not http(s) or too long, or a locale that is not a BCP 47 tag,
// is dropped, not refused.
import { ApiError, InvalidRequestError } from "../errors.js";
import { parseHttpUrl } from "../http-url.js";
import type { PageContext } from "../prompt.js";

export const MAX_MESSAGE_LENGTH = 2000;
const MAX_PAGE_URL_LENGTH = 2048;
const MAX_PAGE_TITLE_LENGTH = 300;
const MAX_LOCALE_LENGTH = 35;
const SESSION_ID = /^[A-Za-z0-9_-]{1,255}$/;

export interface ChatRequest {
  message: string;
  sessionId: string;
  context: PageContext;
}

export function parseChatRequest(body: unknown): ChatRequest {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new InvalidRequestError("Send a JSON object with `message` and `sessionId`.");
  }
  const fields = body as Record<string, unknown>;
  const message = fields.message;
  if (typeof message !== "string" || message.trim() === "") {
    throw new InvalidRequestError("`message` must be a non-empty string.", { field: "message" });
  }
  if (message.length > MAX_MESSAGE_LENGTH) {
    throw new ApiError(413, "MESSAGE_TOO_LONG", `Your message is too long (${MAX_MESSAGE_LENGTH} characters at most).`, {
      details: { maxLength: MAX_MESSAGE_LENGTH },
    });
  }
  return { message, sessionId: parseSessionId(fields.sessionId), context: parseContext(fields.context) };
}

export function parseSessionId(value: unknown): string {
  if (typeof value !== "string" || !SESSION_ID.test(value)) {
    throw new InvalidRequestError("`sessionId` must be 1 to 255 characters of letters, digits, `-` and `_`.", {
      field: "sessionId",
    });
  }
  return value;
}

function parseContext(value: unknown): PageContext {
  if (typeof value !== "object" || value === null) return {};
  const { pageUrl, pageTitle, locale } = value as Record<string, unknown>;
  const context: PageContext = {};
  if (typeof pageUrl === "string" && pageUrl.length <= MAX_PAGE_URL_LENGTH && parseHttpUrl(pageUrl) !== undefined) {
    context.pageUrl = pageUrl;
  }
  // One line: the title goes into a line of the system prompt.
  const title = typeof pageTitle === "string" ? pageTitle.replace(/\s+/g, " ").trim().slice(0, MAX_PAGE_TITLE_LENGTH) : "";
  if (title !== "") context.pageTitle = title;
  const tag = typeof locale === "string" && locale.length <= MAX_LOCALE_LENGTH ? canonicalLocale(locale) : undefined;
  if (tag !== undefined) context.locale = tag;
  return context;
}

/** "de-at" → "de-AT"; undefined for anything that is not a BCP 47 tag (it goes into the prompt). */
function canonicalLocale(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}
