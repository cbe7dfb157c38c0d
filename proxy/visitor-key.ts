// No visitor IP address at rest: what the quotas and minute windows store is a keyed hash of it,
// with a secret that changes every UTC day (derived from the install's random secret and the
// date). The counters only live a day, and a stored key cannot be joined back to an address or
// to the same visitor's key of another day.
import { createHmac } from "node:crypto";
import { utcDay } from "./utc-day.js";

export type VisitorKeys = (clientKey: string, now: Date) => string;

// Today's keys of recent addresses, so a visitor's every request does not pay for an HMAC (the
// profile showed it); emptied each UTC day and whenever it grows past this many.
const KEPT_KEYS = 10_000;

export function createVisitorKeys(installSecret: Buffer): VisitorKeys {
  let day = "";
  let daySecret = Buffer.alloc(0);
  const keys = new Map<string, string>();
  return (clientKey, now) => {
    const today = utcDay(now);
    if (today !== day) {
      day = today;
      daySecret = createHmac("sha256", installSecret).update(`visitor-key:${today}`).digest();
      keys.clear();
    }
    let key = keys.get(clientKey);
    if (key === undefined) {
      if (keys.size >= KEPT_KEYS) keys.clear();
      key = createHmac("sha256", daySecret).update(clientKey).digest("base64url").slice(0, 22);
      keys.set(clientKey, key);
    }
    return key;
  };
}
