// The `fetch` groq-sdk calls, on node:http(s) with keep-alive agents. The global fetch (undici)
// sends every body as a stream written chunk by chunk and wraps each answer in several web
// streams; under the bench's load that was the largest share of the proxy's CPU (a third of its
// samples). This one sends a JSON body with its headers in one write and hands the answer's
// node stream to a web Response once. Anything but a string body goes to the global fetch.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { Readable } from "node:stream";

const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

export async function nodeFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const { body, signal } = init;
  if (input instanceof Request || (body != null && typeof body !== "string")) return fetch(input, init);
  signal?.throwIfAborted();
  const url = new URL(input);
  const https = url.protocol === "https:";
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, name) => (headers[name] = value));
  if (typeof body === "string") headers["content-length"] = String(Buffer.byteLength(body));
  const method = init.method ?? "GET";

  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const options = { method, headers, agent: https ? agents.https : agents.http, ...(signal && { signal }) };
    const request = (https ? httpsRequest : httpRequest)(url, options, resolve);
    request.on("error", reject);
    request.end(body ?? undefined);
  });

  const answerHeaders = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (Array.isArray(value)) for (const item of value) answerHeaders.append(name, item);
    else if (value !== undefined) answerHeaders.set(name, value);
  }
  const status = response.statusCode ?? 502;
  const empty = method === "HEAD" || status === 204 || status === 304;
  if (empty) response.resume();
  return new Response(empty ? null : (Readable.toWeb(response) as ReadableStream<Uint8Array>), {
    status,
    statusText: response.statusMessage ?? "",
    headers: answerHeaders,
  });
}
