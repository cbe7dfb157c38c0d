// The rules for every URL the proxy fetches on someone else's say (a visitor's pageUrl, a
// sitemap's entries, a redirect): the pure half of the fetch boundary; safe-fetch.ts applies them
// on the network. A URL passes only when, after WHATWG normalisation (which turns `0x7f.1`,
// `2130706433`, `0177.0.0.1` and `[::ffff:127.0.0.1]` into one canonical host), its origin is
// exactly one of the allowed origins: same scheme, host and port, and no user name or password.
//
// Addresses: the allowed origins in tests and on an intranet are IP literals (127.0.0.1), so this is
// not a blanket private-address block. An origin written as an IP literal is connected to as
// written, without DNS. An origin written as a name must resolve to the kind of address its name
// promises: `localhost` to loopback only, any other name to public addresses only. A name that
// resolves to loopback, a private network, link-local (cloud metadata at 169.254.169.254) or any
// other special range is refused, so a site's DNS record (rebound, dangling, or pointed at an
// internal host) can never turn the proxy into a door to its own network. safe-fetch.ts connects
// to the address that was checked, never to a second lookup.
import { BlockList, isIP } from "node:net";
import { parseHttpUrl } from "../http-url.js";

export class PageFetchError extends Error {
  constructor(
    readonly url: string,
    /** A short phrase for a person: "not on the site's origins", "larger than 1 MiB". */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${url}: ${reason}`, options);
    this.name = "PageFetchError";
  }
}

/** The policy said no: nothing was sent. */
export class FetchRefusedError extends PageFetchError {}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Origins as `URL.origin` writes them; entries that are not http(s) origins are dropped. */
export function normaliseOrigins(origins: Iterable<string>): Set<string> {
  const normalised = new Set<string>();
  for (const origin of origins) {
    const url = parseHttpUrl(origin);
    if (url) normalised.add(url.origin);
  }
  return normalised;
}

/** The URL to fetch, or FetchRefusedError saying why not. */
export function checkUrl(raw: string, allowedOrigins: ReadonlySet<string>): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FetchRefusedError(raw, "not a URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new FetchRefusedError(raw, "not http(s)");
  if (url.username !== "" || url.password !== "") throw new FetchRefusedError(raw, "has a user name or password");
  if (!allowedOrigins.has(url.origin)) throw new FetchRefusedError(raw, "not on the site's origins");
  url.hash = "";
  return url;
}

/** The host as net.connect takes it: IPv6 without brackets. */
export function connectHost(url: URL): string {
  return url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
}

/** True when the host is an IP literal: connected to as written, no DNS. */
export function isAddressLiteral(url: URL): boolean {
  return isIP(connectHost(url)) !== 0;
}

/** Throws FetchRefusedError unless every address is of the kind the host name promises. */
export function checkResolved(url: URL, addresses: readonly ResolvedAddress[]): void {
  if (addresses.length === 0) throw new FetchRefusedError(url.href, "its host name does not resolve");
  const wantsLoopback = isLocalhostName(url.hostname);
  for (const { address } of addresses) {
    const kind = addressKind(address);
    if (wantsLoopback ? kind !== "loopback" : kind !== "public") {
      throw new FetchRefusedError(url.href, `its host name resolves to ${address}, a ${kind} address`);
    }
  }
}

function isLocalhostName(hostname: string): boolean {
  return hostname === "localhost" || hostname.endsWith(".localhost");
}

export type AddressKind = "loopback" | "special" | "public";

const loopback = new BlockList();
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");

// Every range that is not the public internet (RFC 6890 and friends): private networks,
// link-local, carrier-grade NAT, multicast, reserved, documentation, NAT64 and unique-local.
const special = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15],
  ["198.51.100.0", 24], ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) special.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 128], ["64:ff9b::", 96], ["64:ff9b:1::", 48], ["100::", 64], ["2001::", 23], ["2001:db8::", 32],
  ["fc00::", 7], ["fe80::", 10], ["ff00::", 8],
] as const) special.addSubnet(network, prefix, "ipv6");

export function addressKind(address: string): AddressKind {
  // An IPv4 address written as IPv6 (::ffff:10.0.0.1) is that IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] ?? mappedHex(address);
  const ip = mapped ?? address;
  const family = isIP(ip);
  if (family === 0) return "special";
  const type = family === 4 ? "ipv4" : "ipv6";
  if (loopback.check(ip, type)) return "loopback";
  return special.check(ip, type) ? "special" : "public";
}

// ::ffff:7f00:1, the form WHATWG URL and some resolvers print a mapped IPv4 address in.
function mappedHex(address: string): string | undefined {
  const match = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!match) return undefined;
  const high = parseInt(match[1]!, 16);
  const low = parseInt(match[2]!, 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}
