import { isBrowserOnline } from "./connection";
import { ApiError } from "./errors/api-error";
import { errorFromResponse } from "./errors/from-response";
import { isAbortError } from "./errors/is-abort";
import { NetworkError } from "./errors/network-error";
import { ProviderError } from "./errors/provider-error";
import { readSseData } from "./sse";

export interface HistoryMessage {
  role: "user" | "assistant";
  content: string;
  createdAt: string;
}

/** A page of the site the reply drew on (the proxy's `sources`). */
export interface Source {
  title: string;
  url: string;
}

/** Yielded once, before the stream ends, when the reply drew on the site's pages. */
export interface ReplySources {
  sources: Source[];
}

export interface ChatRequest {
  message: string;
  sessionId: string;
}

/** The proxy, as the widget sees it. This is the only code that talks to the network. */
export interface ChatApi {
  /** Yields the reply's text as it is generated, then its sources if any; throws typed errors (see errors/). */
  streamChat(request: ChatRequest, signal: AbortSignal): AsyncGenerator<string | ReplySources, void>;
  getHistory(sessionId: string, signal?: AbortSignal): Promise<HistoryMessage[]>;
  deleteHistory(sessionId: string, signal?: AbortSignal): Promise<void>;
}

export interface ApiOptions {
  proxyUrl: string;
  siteId: string | null;
  fetch?: typeof fetch;
  /** The visitor's language (BCP 47), sent as context.locale so the model answers in it. */
  locale?: string;
  /** What the model is told about the page the visitor is on. */
  pageContext?: () => { pageUrl: string; pageTitle: string };
  isOnline?: () => boolean;
}

interface StreamEvent {
  type?: unknown;
  textDelta?: unknown;
  sources?: unknown;
  error?: unknown;
  code?: unknown;
}

export function createApi({
  proxyUrl,
  siteId,
  fetch: fetchImpl = (input, init) => globalThis.fetch(input, init),
  locale,
  pageContext = () => ({ pageUrl: location.href, pageTitle: document.title }),
  isOnline = isBrowserOnline,
}: ApiOptions): ChatApi {
  const base = proxyUrl.replace(/\/+$/, "");
  const siteHeader: Record<string, string> = siteId ? { "X-Site-Id": siteId } : {};

  const unreachable = (error: unknown, interrupted: boolean) =>
    new NetworkError(
      interrupted ? "The connection dropped before the reply finished." : "The chat service could not be reached.",
      !isOnline(),
      interrupted,
      { cause: error },
    );

  async function request(path: string, init: RequestInit): Promise<Response> {
    let response: Response;
    try {
      response = await fetchImpl(base + path, {
        ...init,
        headers: { ...siteHeader, ...(init.headers as Record<string, string> | undefined) },
        credentials: "omit",
        mode: "cors",
      });
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw unreachable(error, false);
    }
    if (!response.ok) throw errorFromResponse(response.status, response.headers, await response.json().catch(() => null));
    return response;
  }

  const sessionQuery = (sessionId: string) => `/api/history?sessionId=${encodeURIComponent(sessionId)}`;

  return {
    async *streamChat({ message, sessionId }, signal) {
      const response = await request("/api/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
        body: JSON.stringify({ message, sessionId, context: { ...pageContext(), ...(locale && { locale }) } }),
        signal,
      });
      if (!response.headers.get("Content-Type")?.includes("text/event-stream")) {
        // A proxy that does not stream answers with the whole reply at once.
        const body = (await response.json().catch(() => null)) as { reply?: unknown; sources?: unknown } | null;
        if (typeof body?.reply !== "string") throw new ApiError("The chat service sent an unreadable reply.", "BAD_RESPONSE", response.status);
        yield body.reply;
        const sources = safeSources(body.sources);
        if (sources.length > 0) yield { sources };
        return;
      }
      if (!response.body) throw unreachable(null, true);
      try {
        for await (const data of readSseData(response.body)) {
          const event = parseEvent(data);
          if (event?.type === "text-delta" && typeof event.textDelta === "string") yield event.textDelta;
          else if (event?.type === "sources") {
            const sources = safeSources(event.sources);
            if (sources.length > 0) yield { sources };
          } else if (event?.type === "finish") return;
          else if (event?.type === "error") {
            const code = typeof event.code === "string" ? event.code : "PROVIDER_ERROR";
            const text = typeof event.error === "string" ? event.error : "The assistant failed to finish its reply.";
            throw new ProviderError(text, code, response.status);
          }
        }
      } catch (error) {
        if (isAbortError(error) || error instanceof ApiError) throw error;
        throw unreachable(error, true);
      }
      // The stream ended without `finish`: the proxy went away mid-reply.
      throw unreachable(null, true);
    },

    async getHistory(sessionId, signal) {
      const response = await request(sessionQuery(sessionId), { headers: { Accept: "application/json" }, signal });
      const body = (await response.json().catch(() => null)) as { messages?: unknown } | null;
      return Array.isArray(body?.messages) ? body.messages.filter(isHistoryMessage) : [];
    },

    async deleteHistory(sessionId, signal) {
      await request(sessionQuery(sessionId), { method: "DELETE", signal });
    },
  };
}

function parseEvent(data: string): StreamEvent | null {
  try {
    const event: unknown = JSON.parse(data);
    return typeof event === "object" && event !== null ? event : null;
  } catch {
    return null;
  }
}

const MAX_SOURCES = 5;
const MAX_SOURCE_TITLE = 200;

// Links go on the visitor's screen: only absolute http(s) URLs pass (never javascript: or data:).
function safeSources(value: unknown): Source[] {
  if (!Array.isArray(value)) return [];
  const sources: Source[] = [];
  for (const item of value as Array<Partial<Record<keyof Source, unknown>> | null>) {
    if (typeof item?.url !== "string" || typeof item.title !== "string") continue;
    let url: URL;
    try {
      url = new URL(item.url);
    } catch {
      continue;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") continue;
    sources.push({ title: item.title.trim().slice(0, MAX_SOURCE_TITLE) || url.hostname, url: url.href });
    if (sources.length === MAX_SOURCES) break;
  }
  return sources;
}

function isHistoryMessage(value: unknown): value is HistoryMessage {
  const message = value as Partial<HistoryMessage> | null;
  return (message?.role === "user" || message?.role === "assistant") && typeof message.content === "string";
}
