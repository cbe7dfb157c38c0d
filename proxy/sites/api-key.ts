// Server keys and site ids. Keys are `cwk_` + 40 base62 characters (about 238 bits) drawn from
// crypto.randomBytes; only their SHA-256 is stored. A key is random enough that a plain hash is
// as good as a slow one: there is no dictionary to try.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const KEY_PREFIX = "cwk_";
const KEY_LENGTH = 40;
const API_KEY = /^cwk_[0-9A-Za-z]{40}$/;
// 62 * 4 = 248: bytes from 248 up are dropped so every character is equally likely (no modulo bias).
const UNBIASED_LIMIT = 248;

export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < UNBIASED_LIMIT && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

export function generateApiKey(): string {
  return KEY_PREFIX + randomBase62(KEY_LENGTH);
}

/** Public: goes in the script tag as `data-site`. */
export function generateSiteId(): string {
  return `site_${randomBase62(12)}`;
}

export function isWellFormedApiKey(value: string): boolean {
  return API_KEY.test(value);
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** Constant-time comparison of the key's hash with a stored one. */
export function apiKeyMatches(key: string, storedHash: string): boolean {
  const actual = Buffer.from(hashApiKey(key), "hex");
  const expected = Buffer.from(storedHash, "hex");
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}
