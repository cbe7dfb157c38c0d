import { describe, expect, it } from "vitest";
import { createMinuteWindowStore } from "../../proxy/http/minute-window-store.js";
import { createLocalMinuteWindows } from "../../proxy/store/local-minute-windows.js";
import { createManualClock } from "../helpers/manual-clock.js";

// The windows themselves are tested on both backends in test/proxy/store/store-behaviour.test.ts.
describe("minute window store", () => {
  it("counts on the injected clock, so a test can move the minute limit's window", async () => {
    const clock = createManualClock("2030-01-15T12:00:00.000Z");
    const store = createMinuteWindowStore(createLocalMinuteWindows(), clock, 60_000, false);
    await store.increment("a");
    clock.advance(59_999);
    expect(await store.increment("a")).toEqual({ totalHits: 2, resetTime: new Date("2030-01-15T12:01:00.000Z") });
    clock.advance(1);
    expect(await store.increment("a")).toEqual({ totalHits: 1, resetTime: new Date("2030-01-15T12:02:00.000Z") });
  });
});
