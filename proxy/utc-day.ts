// Daily quotas and counter files are keyed by the UTC calendar day, the same everywhere.

/** `YYYY-MM-DD` of the UTC day containing `time`. */
export function utcDay(time: Date): string {
  return time.toISOString().slice(0, 10);
}

export function nextUtcMidnight(time: Date): Date {
  return new Date(Date.UTC(time.getUTCFullYear(), time.getUTCMonth(), time.getUTCDate() + 1));
}

/** `YYYY-MM-DD` of the day `days` before `day` (negative: after). */
export function daysBefore(day: string, days: number): string {
  const time = new Date(`${day}T00:00:00.000Z`);
  time.setUTCDate(time.getUTCDate() - days);
  return utcDay(time);
}

/** Midnight UTC on the first day of the month after `time`'s: when monthly token budgets reset. */
export function firstOfNextUtcMonth(time: Date): Date {
  return new Date(Date.UTC(time.getUTCFullYear(), time.getUTCMonth() + 1, 1));
}

/** `YYYY-MM` of the UTC month containing `time`. */
export function utcMonth(time: Date): string {
  return time.toISOString().slice(0, 7);
}
