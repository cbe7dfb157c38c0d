// Plain fetch calls to a running proxy, as the widget or a server-side caller makes them.
export interface ChatBody {
  message?: unknown;
  sessionId?: unknown;
  context?: unknown;
  [field: string]: unknown;
}

export function postChat(url: string, body: ChatBody | string, headers: Record<string, string> = {}, signal?: AbortSignal) {
  return fetch(`${url}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
    ...(signal && { signal }),
  });
}

export function streamChat(url: string, body: ChatBody, headers: Record<string, string> = {}, signal?: AbortSignal) {
  return postChat(url, body, { accept: "text/event-stream", ...headers }, signal);
}

/** The `data:` events of an SSE body, parsed. */
export function sseEvents(text: string): Record<string, unknown>[] {
  return text
    .split("\n\n")
    .filter((block) => block.startsWith("data: "))
    .map((block) => JSON.parse(block.slice("data: ".length)) as Record<string, unknown>);
}

export async function errorBody(response: Response): Promise<{ error: string; code: string; details?: Record<string, unknown> }> {
  return (await response.json()) as { error: string; code: string; details?: Record<string, unknown> };
}
