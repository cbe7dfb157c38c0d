import { describe, expect, it } from "vitest";
import { openUsageFile, type UsageFile } from "../../proxy/store/files/usage-file.js";
import { createUsageLedger } from "../../proxy/usage/usage-ledger.js";
import type { UsageDocument } from "../../proxy/usage/usage-shapes.js";
import { createManualClock } from "../helpers/manual-clock.js";
import { useTempDirs } from "../helpers/temp-dir.js";

const tempDir = useTempDirs("usage-ledger-");

function countingFile(): UsageFile & { writes: UsageDocument[] } {
  let saved: UsageDocument | undefined;
  const writes: UsageDocument[] = [];
  return {
    writes,
    read: async () => saved && structuredClone(saved),
    async write(document) {
      await Promise.resolve();
      saved = structuredClone(document);
      writes.push(saved);
    },
  };
}

describe("usage ledger", () => {
  it("coalesces a burst of changes into few writes and flush() saves the latest figures", async () => {
    const file = countingFile();
    const ledger = createUsageLedger({ clock: createManualClock(), file });
    for (let i = 0; i < 50; i += 1) ledger.accepted("site_a", `s${i % 5}`, { promptTokens: 10, completionTokens: 2 });
    await ledger.flush();
    expect(file.writes.length).toBeLessThanOrEqual(2);
    expect(file.writes.at(-1)!.days["2030-01-15"]!.site_a).toMatchObject({ messages: 50, promptTokens: 500, completionTokens: 100, sessions: 5 });
  });

  it("goes on counting distinct sessions after a restart, and sums the month's tokens", async () => {
    const dataDir = await tempDir();
    const clock = createManualClock("2030-01-31T10:00:00.000Z");
    const first = createUsageLedger({ clock, file: openUsageFile(dataDir) });
    await first.load();
    first.accepted("site_a", "one", { promptTokens: 5, completionTokens: 5 });
    await first.flush();
    const second = createUsageLedger({ clock, file: openUsageFile(dataDir) });
    await second.load();
    second.accepted("site_a", "one", { promptTokens: 5, completionTokens: 5 });
    second.accepted("site_a", "two", undefined);
    expect(second.series("site_a", 1)[0]).toMatchObject({ messages: 3, sessions: 2 });
    expect(second.monthTokens("site_a")).toBe(20);
    clock.set("2030-02-01T00:00:00.000Z");
    expect(second.monthTokens("site_a")).toBe(0);
  });

  it("keeps 90 days and drops older ones when it next saves", async () => {
    const file = countingFile();
    const clock = createManualClock("2030-01-01T12:00:00.000Z");
    const ledger = createUsageLedger({ clock, file });
    ledger.refused("site_a", "RATE_LIMITED");
    clock.set("2030-03-31T12:00:00.000Z");
    ledger.refused("site_a", "RATE_LIMITED");
    await ledger.flush();
    expect(Object.keys(file.writes.at(-1)!.days)).toEqual(["2030-01-01", "2030-03-31"]);
    clock.set("2030-04-01T12:00:00.000Z");
    ledger.refused("site_a", "RATE_LIMITED");
    await ledger.flush();
    expect(Object.keys(file.writes.at(-1)!.days)).toEqual(["2030-03-31", "2030-04-01"]);
  });
});
