// The one way the proxy fetches a URL it was handed (a visitor's page, a sitemap entry). Every
// request, redirects included, passes fetch-policy.ts first; a name is resolved once, checked, and
// the connection is pinned to the checked address (a custom `lookup`), so a second DNS answer
// cannot send it elsewhere. GET only, no cookies or credentials sent or kept, redirects followed
// by hand within the origins, the body capped (the request is aborted past the cap) and the
// whole exchange, redirects included, bounded by one timeout.
import { lookup as dnsLookup } from "node:dns/promises";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import {
  checkResolved,
  checkUrl,
  connectHost,
  FetchRefusedError,
  isAddressLiteral,
  normaliseOrigins,
  PageFetchError,
  type ResolvedAddress,
} from "./fetch-policy.js";

export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface SafeFetchOptions {
  /** Default: the system resolver (every address of the name). Tests inject their own. */
  resolve?: Resolver;
  /** The whole exchange, redirects included. Default 5 s. */
  timeoutMs?: number;
  /** Default 1 MiB, counted after decompression. */
  maxBytes?: number;
  /** Default 3. */
  maxRedirects?: number;
}

export interface FetchRequest {
  /** Revalidation: answered 304 with no body when the page has not changed. */
  etag?: string;
  lastModified?: string;
  signal?: AbortSignal;
}

export interface FetchedDocument {
  /** After redirects. */
  url: string;
  status: 200 | 304;
  contentType: string;
  body: string;
  etag: string | undefined;
  lastModified: string | undefined;
}

export interface SafeFetch {
  /** Rejects with FetchRefusedError (the policy said no, nothing sent) or PageFetchError. */
  get(url: string, allowedOrigins: Iterable<string>, request?: FetchRequest): Promise<FetchedDocument>;
}

const PAGE_FETCH_TIMEOUT_MS = 5000;
const PAGE_MAX_BYTES = 1024 * 1024;
const USER_AGENT = "chat-widget-proxy (reads the site's pages to answer its visitors)";

const systemResolver: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));

export function createSafeFetch(options: SafeFetchOptions = {}): SafeFetch {
  const resolve = options.resolve ?? systemResolver;
  const timeoutMs = options.timeoutMs ?? PAGE_FETCH_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? PAGE_MAX_BYTES;
  const maxRedirects = options.maxRedirects ?? 3;

  async function connectTo(url: URL): Promise<ResolvedAddress | undefined> {
    if (isAddressLiteral(url)) return undefined;
    const addresses = await resolve(connectHost(url)).catch((error: unknown) => {
      throw new FetchRefusedError(url.href, "its host name does not resolve", { cause: error });
    });
    checkResolved(url, addresses);
    return addresses[0];
  }

  return {
    async get(raw, allowedOrigins, request = {}) {
      const allowed = normaliseOrigins(allowedOrigins);
      const deadline = AbortSignal.timeout(timeoutMs);
      const signal = request.signal ? AbortSignal.any([request.signal, deadline]) : deadline;
      let url = checkUrl(raw, allowed);
      try {
        for (let redirects = 0; ; redirects++) {
          const pinned = await connectTo(url);
          signal.throwIfAborted();
          const response = await send(url, pinned, request, signal);
          const location = response.headers.location;
          if (isRedirect(response.statusCode) && location !== undefined) {
            response.destroy();
            if (redirects >= maxRedirects) throw new PageFetchError(url.href, `more than ${maxRedirects} redirects`);
            const next = new URL(location, url).href;
            url = checkUrl(next, allowed);
            continue;
          }
          return await readResponse(url, response, maxBytes);
        }
      } catch (error) {
        if (error instanceof PageFetchError) throw error;
        if (deadline.aborted) throw new PageFetchError(url.href, `no complete answer within ${timeoutMs / 1000} s`, { cause: error });
        if (signal.aborted) throw new PageFetchError(url.href, "cancelled", { cause: error });
        throw new PageFetchError(url.href, `cannot be reached (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
      }
    },
  };
}

function isRedirect(status: number | undefined): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

function send(url: URL, pinned: ResolvedAddress | undefined, request: FetchRequest, signal: AbortSignal): Promise<IncomingMessage> {
  const headers: Record<string, string> = {
    "User-Agent": USER_AGENT,
    Accept: "text/html,application/xhtml+xml,application/xml;q=0.9,text/plain;q=0.8",
    "Accept-Encoding": "gzip, deflate, br",
  };
  if (request.etag) headers["If-None-Match"] = request.etag;
  if (request.lastModified) headers["If-Modified-Since"] = request.lastModified;
  const transport = url.protocol === "https:" ? https : http;
  return new Promise((resolvePromise, reject) => {
    const outgoing = transport.request(
      url,
      {
        method: "GET",
        headers,
        signal,
        // A fresh connection each time: nothing pooled, nothing shared with another origin.
        agent: false,
        ...(pinned && { lookup: pinnedLookup(pinned) }),
      },
      resolvePromise,
    );
    outgoing.on("error", reject);
    outgoing.end();
  });
}

// net.connect asks for one address or, with autoSelectFamily, for all of them: both get the
// address that was checked.
function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) (callback as (error: null, addresses: ResolvedAddress[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
}

async function readResponse(url: URL, response: IncomingMessage, maxBytes: number): Promise<FetchedDocument> {
  const status = response.statusCode ?? 0;
  const etag = header(response, "etag");
  const lastModified = header(response, "last-modified");
  const contentType = header(response, "content-type") ?? "";
  if (status === 304) {
    response.destroy();
    return { url: url.href, status: 304, contentType, body: "", etag, lastModified };
  }
  if (status !== 200) {
    response.destroy();
    throw new PageFetchError(url.href, `answered ${status}`);
  }
  const declared = Number(header(response, "content-length"));
  if (declared > maxBytes) {
    response.destroy();
    throw new PageFetchError(url.href, `larger than ${describeBytes(maxBytes)}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of decoded(response)) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      response.destroy();
      throw new PageFetchError(url.href, `larger than ${describeBytes(maxBytes)}`);
    }
    chunks.push(chunk as Buffer);
  }
  return { url: url.href, status: 200, contentType, body: decodeText(Buffer.concat(chunks), contentType), etag, lastModified };
}

function header(response: IncomingMessage, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

// The cap counts decompressed bytes, so a small compressed bomb is cut off like a big page.
function decoded(response: IncomingMessage): AsyncIterable<unknown> {
  const encoding = header(response, "content-encoding")?.trim().toLowerCase();
  if (encoding === "gzip" || encoding === "x-gzip") return response.pipe(createGunzip());
  if (encoding === "br") return response.pipe(createBrotliDecompress());
  if (encoding === "deflate") return response.pipe(createInflate());
  return response;
}

function decodeText(bytes: Buffer, contentType: string): string {
  const charset = /charset=["']?([\w-]+)/i.exec(contentType)?.[1];
  try {
    return new TextDecoder(charset ?? "utf-8").decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}

function describeBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}
