// What DATA_DIR/usage.json holds: per UTC day, per site, what was accepted, spent and refused.
// Sessions are counted as distinct hashes; the hashes are kept only for the current day (to go on
// counting after a restart), older days keep the count.
import { isRecord } from "../store/data-shapes.js";

export interface SiteDayUsage {
  messages: number;
  promptTokens: number;
  completionTokens: number;
  /** Refused chat requests by error code. */
  refused: Record<string, number>;
  sessions: number;
  sessionHashes?: string[];
}

export interface UsageDocument {
  /** `YYYY-MM-DD` → site id → usage. */
  days: Record<string, Record<string, SiteDayUsage>>;
}

/** One day of /api/usage and `usage ID`. */
export interface UsagePoint {
  date: string;
  messages: number;
  promptTokens: number;
  completionTokens: number;
  /** Total refused; `refusedByCode` has the split. */
  refused: number;
  refusedByCode: Record<string, number>;
  sessions: number;
}

export function decodeUsage(value: unknown): UsageDocument | undefined {
  if (!isRecord(value) || !isRecord(value.days)) return undefined;
  for (const sites of Object.values(value.days)) {
    if (!isRecord(sites) || !Object.values(sites).every(isSiteDay)) return undefined;
  }
  return value as unknown as UsageDocument;
}

function isSiteDay(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const counts = [value.messages, value.promptTokens, value.completionTokens, value.sessions];
  return counts.every(isCount) && isRecord(value.refused) && Object.values(value.refused).every(isCount);
}

const isCount = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;

export function emptySiteDay(): SiteDayUsage {
  return { messages: 0, promptTokens: 0, completionTokens: 0, refused: {}, sessions: 0 };
}

/** The last `days` UTC days up to `today`, oldest first, zeros where nothing happened. */
export function usageSeries(document: UsageDocument, siteId: string, today: string, days: number): UsagePoint[] {
  const points: UsagePoint[] = [];
  const end = new Date(`${today}T00:00:00.000Z`);
  for (let back = days - 1; back >= 0; back -= 1) {
    const date = new Date(end.getTime() - back * 86_400_000).toISOString().slice(0, 10);
    const day = document.days[date]?.[siteId] ?? emptySiteDay();
    const refused = Object.values(day.refused).reduce((sum, count) => sum + count, 0);
    points.push({
      date,
      messages: day.messages,
      promptTokens: day.promptTokens,
      completionTokens: day.completionTokens,
      refused,
      refusedByCode: { ...day.refused },
      sessions: day.sessions,
    });
  }
  return points;
}

/** What a process counted since its last save: added to the stored figures, never replacing them. */
export interface UsageChanges {
  /** `YYYY-MM-DD` → site id → counts to add, and the hashes of the sessions seen. */
  days: Record<string, Record<string, SiteDayUsage & { sessionHashes: string[] }>>;
}

// The session hashes of a day's figures as a set, kept with them: built from the array on every
// request, it cost a copy of each session seen that day (the profile's applyUsageChanges).
const knownHashes = new WeakMap<SiteDayUsage, Set<string>>();

/** Adds `changes` into `document` (in place); a session hash already there is not counted again. */
export function applyUsageChanges(document: UsageDocument, changes: UsageChanges): void {
  for (const [day, sites] of Object.entries(changes.days)) {
    const stored = (document.days[day] ??= {});
    for (const [siteId, change] of Object.entries(sites)) {
      const usage = (stored[siteId] ??= emptySiteDay());
      usage.messages += change.messages;
      usage.promptTokens += change.promptTokens;
      usage.completionTokens += change.completionTokens;
      for (const [code, count] of Object.entries(change.refused)) usage.refused[code] = (usage.refused[code] ?? 0) + count;
      let known = knownHashes.get(usage);
      if (!known) knownHashes.set(usage, (known = new Set(usage.sessionHashes)));
      for (const hash of change.sessionHashes) {
        if (known.has(hash)) continue;
        known.add(hash);
        (usage.sessionHashes ??= []).push(hash);
        usage.sessions += 1;
      }
    }
  }
}

export function mergeUsageChanges(into: UsageChanges, changes: UsageChanges): void {
  for (const [day, sites] of Object.entries(changes.days)) {
    for (const [siteId, change] of Object.entries(sites)) {
      const target = ((into.days[day] ??= {})[siteId] ??= { ...emptySiteDay(), sessionHashes: [] });
      target.messages += change.messages;
      target.promptTokens += change.promptTokens;
      target.completionTokens += change.completionTokens;
      for (const [code, count] of Object.entries(change.refused)) target.refused[code] = (target.refused[code] ?? 0) + count;
      for (const hash of change.sessionHashes) if (!target.sessionHashes.includes(hash)) target.sessionHashes.push(hash);
    }
  }
}
