// Time to first token, which autocannon cannot see: it only times whole responses. `concurrency`
// clients each send requests one after another and time each from the call until the first
// chunk that `hasToken` recognises; the rest of the stream is read too, so every exchange ends
// as a real visitor's would.
export interface FirstTokenOptions {
  url: string;
  headers: Record<string, string>;
  body: (n: number) => string;
  /** True once the text received so far holds the first piece of the reply. */
  hasToken: (received: string) => boolean;
  requests: number;
  concurrency: number;
}

/** Milliseconds to the first token, one value per request. */
export async function timeToFirstToken(options: FirstTokenOptions): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  const client = async () => {
    while (next < options.requests) {
      times.push(await timeOne(options, next++));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  return times;
}

async function timeOne(options: FirstTokenOptions, n: number): Promise<number> {
  const started = performance.now();
  const response = await fetch(options.url, { method: "POST", headers: options.headers, body: options.body(n) });
  if (!response.ok || !response.body) throw new Error(`${options.url} answered ${response.status}`);
  const decoder = new TextDecoder();
  let received = "";
  let firstToken: number | undefined;
  const reader = response.body.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    if (firstToken !== undefined) continue;
    received += decoder.decode(chunk.value, { stream: true });
    if (options.hasToken(received)) firstToken = performance.now() - started;
  }
  if (firstToken === undefined) throw new Error(`no token in the stream from ${options.url}: ${received.slice(0, 200)}`);
  return firstToken;
}
