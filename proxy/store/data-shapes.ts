// Decoders for what the data files hold: a value read from disk is trusted only once it has the
// shape the code expects (undefined otherwise, and the file is reported, not overwritten).
import type { DailyCounters, StoredMessage, Thread } from "./store.js";

export function decodeThread(value: unknown): Thread | undefined {
  if (!isRecord(value)) return undefined;
  const { sessionId, startedAt, messages } = value;
  if (typeof sessionId !== "string" || !isIsoTime(startedAt) || !Array.isArray(messages)) return undefined;
  if (!messages.every(isMessage)) return undefined;
  return { sessionId, startedAt, messages };
}

export function decodeCounters(value: unknown): DailyCounters | undefined {
  if (!isRecord(value) || !isCountMap(value.sites) || !isCountMap(value.visitors)) return undefined;
  return { sites: value.sites, visitors: value.visitors };
}

function isMessage(value: unknown): value is StoredMessage {
  return (
    isRecord(value) &&
    (value.role === "user" || value.role === "assistant") &&
    typeof value.content === "string" &&
    isIsoTime(value.createdAt)
  );
}

function isCountMap(value: unknown): value is Record<string, number> {
  return isRecord(value) && Object.values(value).every((count) => Number.isSafeInteger(count) && (count as number) >= 0);
}

function isIsoTime(value: unknown): value is string {
  return typeof value === "string" && !Number.isNaN(Date.parse(value));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
