import { describe, expect, it } from "vitest";
import { createMinuteWindowStore } from "../../proxy/http/minute-window-store.js";
import { createManualClock } from "../helpers/manual-clock.js";

describe("minute window store", () => {
  it("counts hits in a window that ends windowMs after its first hit, then starts a new one", async () => {
    const clock = createManualClock("2030-01-15T12:00:00.000Z");
    const store = createMinuteWindowStore(clock, 60_000);
    await store.increment("a");
    clock.advance(59_999);
    expect(await store.increment("a")).toEqual({ totalHits: 2, resetTime: new Date("2030-01-15T12:01:00.000Z") });
    clock.advance(1);
    expect(await store.increment("a")).toEqual({ totalHits: 1, resetTime: new Date("2030-01-15T12:02:00.000Z") });
  });

  it("gives a hit back within its window, never below zero, and keeps keys apart", async () => {
    const clock = createManualClock();
    const store = createMinuteWindowStore(clock, 60_000);
    await store.increment("a");
    await store.increment("b");
    await store.decrement("a");
    await store.decrement("a");
    expect((await store.increment("a")).totalHits).toBe(1);
    expect((await store.increment("b")).totalHits).toBe(2);
  });
});
