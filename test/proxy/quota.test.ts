import { describe, expect, it } from "vitest";
import { QuotaExceededError, StoreUnavailableError } from "../../proxy/errors.js";
import { createDailyQuota, type DailyQuota } from "../../proxy/quota.js";
import { createManualClock } from "../helpers/manual-clock.js";
import { createMemoryStore, type MemoryStore } from "../helpers/memory-store.js";

function setup(limits: { site: number; visitor: number }, store: MemoryStore = createMemoryStore()) {
  const clock = createManualClock("2030-01-15T23:00:00.000Z");
  const quota = createDailyQuota({ store, clock, siteLimit: limits.site, visitorLimit: limits.visitor });
  return { store, clock, quota };
}

async function refusal(quota: DailyQuota, siteId: string, visitor: string): Promise<QuotaExceededError> {
  try {
    await quota.consume(siteId, visitor);
  } catch (error) {
    if (error instanceof QuotaExceededError) return error;
    throw error;
  }
  throw new Error("consume was admitted");
}

const visitorCounts = (store: MemoryStore, day: string) => Object.values(store.counters.get(day)?.visitors ?? {});

describe("daily quota", () => {
  it("refuses a visitor past the visitor quota with scope visitor, the limit and next UTC midnight", async () => {
    const { quota } = setup({ site: 100, visitor: 2 });
    await quota.consume("default", "1.2.3.4");
    await quota.consume("default", "1.2.3.4");
    const error = await refusal(quota, "default", "1.2.3.4");
    expect(error.code).toBe("DAILY_QUOTA_EXCEEDED");
    expect(error.details).toEqual({ scope: "visitor", limit: 2, remaining: 0, resetAt: "2030-01-16T00:00:00.000Z" });
    expect(error.retryAfter).toBe(3600);
    await expect(quota.consume("default", "5.6.7.8")).resolves.toMatchObject({ siteId: "default" });
  });

  it("refuses everyone past the site quota with scope site", async () => {
    const { quota } = setup({ site: 2, visitor: 10 });
    await quota.consume("default", "a");
    await quota.consume("default", "b");
    expect((await refusal(quota, "default", "c")).details).toMatchObject({ scope: "site", limit: 2 });
    await expect(quota.consume("other-site", "c")).resolves.toMatchObject({ siteId: "other-site" });
  });

  it("costs nothing when it refuses", async () => {
    const { quota, store } = setup({ site: 3, visitor: 1 });
    await quota.consume("default", "a");
    await refusal(quota, "default", "a");
    await refusal(quota, "default", "a");
    await quota.flush();
    expect(store.counters.get("2030-01-15")?.sites).toEqual({ default: 1 });
    expect(visitorCounts(store, "2030-01-15")).toEqual([1]);
  });

  it("stores no visitor address: a keyed hash that changes with the UTC day", async () => {
    const { quota, store, clock } = setup({ site: 10, visitor: 10 });
    await quota.consume("default", "203.0.113.7");
    clock.set("2030-01-16T00:00:01.000Z");
    await quota.consume("default", "203.0.113.7");
    await quota.flush();
    const [monday] = Object.keys(store.counters.get("2030-01-15")!.visitors);
    const [tuesday] = Object.keys(store.counters.get("2030-01-16")!.visitors);
    expect(JSON.stringify([...store.counters])).not.toContain("203.0.113");
    expect(monday).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(tuesday).not.toBe(monday);
  });

  it("admits exactly 10 of 50 concurrent requests when 10 remain", async () => {
    const { quota } = setup({ site: 60, visitor: 100 });
    for (let i = 0; i < 50; i += 1) await quota.consume("default", `seed-${i}`);
    const outcomes = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => quota.consume("default", `visitor-${i}`)));
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(10);
    const reasons = outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason] : []));
    expect(reasons.every((reason) => reason instanceof QuotaExceededError)).toBe(true);
  });

  it("gives the quota back on refund", async () => {
    const { quota } = setup({ site: 1, visitor: 1 });
    const ticket = await quota.consume("default", "a");
    await quota.refund(ticket);
    await expect(quota.consume("default", "a")).resolves.toMatchObject({ siteId: "default" });
  });

  it("starts fresh counters at UTC midnight and ignores refunds of the previous day", async () => {
    const { quota, clock } = setup({ site: 1, visitor: 1 });
    const yesterday = await quota.consume("default", "a");
    clock.set("2030-01-16T00:00:00.000Z");
    await quota.consume("default", "a");
    await quota.refund(yesterday);
    expect((await refusal(quota, "default", "a")).details).toMatchObject({ resetAt: "2030-01-17T00:00:00.000Z" });
  });

  it("keeps the previous day's final counts on disk after the rollover", async () => {
    const { quota, clock, store } = setup({ site: 10, visitor: 10 });
    await quota.consume("default", "a");
    await quota.consume("default", "a");
    clock.set("2030-01-16T00:00:01.000Z");
    await quota.consume("default", "b");
    await quota.flush();
    expect(store.counters.get("2030-01-15")?.sites).toEqual({ default: 2 });
    expect(visitorCounts(store, "2030-01-15")).toEqual([2]);
    expect(store.counters.get("2030-01-16")?.sites).toEqual({ default: 1 });
  });

  it("coalesces many consumes into few writes", async () => {
    const { quota, store } = setup({ site: 1000, visitor: 1000 });
    await Promise.all(Array.from({ length: 200 }, (_, i) => quota.consume("default", `v${i % 7}`)));
    await quota.flush();
    expect(store.counterWrites).toBe(1);
    expect(store.counters.get("2030-01-15")?.sites).toEqual({ default: 200 });
  });

  it("writes the latest counts once more when consumes arrive during a write", async () => {
    const { quota, store } = setup({ site: 1000, visitor: 1000 });
    await quota.consume("default", "a");
    await Promise.resolve();
    await Promise.all(Array.from({ length: 20 }, () => quota.consume("default", "b")));
    await quota.flush();
    expect(store.counterWrites).toBe(2);
    expect(store.counters.get("2030-01-15")?.sites).toEqual({ default: 21 });
  });

  it("survives a restart on the same store", async () => {
    const first = setup({ site: 3, visitor: 10 });
    await first.quota.consume("default", "a");
    await first.quota.consume("default", "b");
    await first.quota.flush();

    const second = setup({ site: 3, visitor: 2 }, first.store);
    await second.quota.load();
    await second.quota.consume("default", "a");
    expect((await refusal(second.quota, "default", "a")).details).toMatchObject({ scope: "visitor" });
    expect((await refusal(second.quota, "default", "c")).details).toMatchObject({ scope: "site" });
  });

  it("rejects flush while the store fails, and saves the counts once it recovers", async () => {
    const { quota, store } = setup({ site: 10, visitor: 10 });
    store.failing = true;
    await quota.consume("default", "a");
    await expect(quota.flush()).rejects.toBeInstanceOf(StoreUnavailableError);
    store.failing = false;
    await quota.flush();
    expect(store.counters.get("2030-01-15")?.sites).toEqual({ default: 1 });
  });
});
