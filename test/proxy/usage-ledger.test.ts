import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openUsageFile } from "../../proxy/store/files/usage-file.js";
import type { UsageStore } from "../../proxy/store/store.js";
import { createUsageLedger } from "../../proxy/usage/usage-ledger.js";
import { applyUsageChanges, type UsageChanges, type UsageDocument } from "../../proxy/usage/usage-shapes.js";
import { createManualClock } from "../helpers/manual-clock.js";
import { useTempDirs } from "../helpers/temp-dir.js";

const tempDir = useTempDirs("usage-ledger-");

function countingStore(): UsageStore & { records: UsageChanges[]; document: UsageDocument } {
  const document: UsageDocument = { days: {} };
  const records: UsageChanges[] = [];
  return {
    records,
    document,
    read: async () => structuredClone(document),
    async record(changes) {
      await Promise.resolve();
      records.push(structuredClone(changes));
      applyUsageChanges(document, changes);
    },
  };
}

describe("usage ledger", () => {
  it("coalesces a burst of changes into few records and flush() saves the latest figures", async () => {
    const store = countingStore();
    const ledger = createUsageLedger({ clock: createManualClock(), store });
    for (let i = 0; i < 50; i += 1) ledger.accepted("site_a", `s${i % 5}`, { promptTokens: 10, completionTokens: 2 });
    await ledger.flush();
    expect(store.records.length).toBeLessThanOrEqual(2);
    expect(store.document.days["2030-01-15"]!.site_a).toMatchObject({ messages: 50, promptTokens: 500, completionTokens: 100, sessions: 5 });
  });

  it("records additions, so two ledgers on one store both count", async () => {
    const store = countingStore();
    const clock = createManualClock();
    const first = createUsageLedger({ clock, store });
    const second = createUsageLedger({ clock, store });
    first.accepted("site_a", "one", { promptTokens: 1, completionTokens: 1 });
    second.accepted("site_a", "two", { promptTokens: 2, completionTokens: 2 });
    second.refused("site_a", "RATE_LIMITED");
    await Promise.all([first.flush(), second.flush()]);
    await first.load();
    expect(first.series("site_a", 1)[0]).toMatchObject({ messages: 2, promptTokens: 3, completionTokens: 3, refused: 1, sessions: 2 });
  });

  it("keeps what it could not record and records it with the next save", async () => {
    const store = countingStore();
    let failing = true;
    const flaky: UsageStore = { read: store.read, record: (changes) => (failing ? Promise.reject(new Error("down")) : store.record(changes)) };
    const ledger = createUsageLedger({ clock: createManualClock(), store: flaky });
    ledger.accepted("site_a", "one", undefined);
    await expect(ledger.flush()).rejects.toThrow("down");
    failing = false;
    ledger.accepted("site_a", "two", undefined);
    await ledger.flush();
    expect(store.document.days["2030-01-15"]!.site_a).toMatchObject({ messages: 2, sessions: 2 });
  });

  it("goes on counting distinct sessions after a restart, and sums the month's tokens", async () => {
    const dataDir = await tempDir();
    const clock = createManualClock("2030-01-31T10:00:00.000Z");
    const first = createUsageLedger({ clock, store: await openUsageFile(dataDir) });
    await first.load();
    first.accepted("site_a", "one", { promptTokens: 5, completionTokens: 5 });
    await first.flush();
    const second = createUsageLedger({ clock, store: await openUsageFile(dataDir) });
    await second.load();
    second.accepted("site_a", "one", { promptTokens: 5, completionTokens: 5 });
    second.accepted("site_a", "two", undefined);
    expect(second.series("site_a", 1)[0]).toMatchObject({ messages: 3, sessions: 2 });
    expect(second.monthTokens("site_a")).toBe(20);
    clock.set("2030-02-01T00:00:00.000Z");
    expect(second.monthTokens("site_a")).toBe(0);
  });

  it("keeps 90 days in usage.json and drops older ones when it next saves", async () => {
    const dataDir = await tempDir();
    const saved = async () => Object.keys(JSON.parse(await readFile(join(dataDir, "usage.json"), "utf8")).days);
    const clock = createManualClock("2030-01-01T12:00:00.000Z");
    const ledger = createUsageLedger({ clock, store: await openUsageFile(dataDir) });
    ledger.refused("site_a", "RATE_LIMITED");
    clock.set("2030-03-31T12:00:00.000Z");
    ledger.refused("site_a", "RATE_LIMITED");
    await ledger.flush();
    expect(await saved()).toEqual(["2030-01-01", "2030-03-31"]);
    clock.set("2030-04-01T12:00:00.000Z");
    ledger.refused("site_a", "RATE_LIMITED");
    await ledger.flush();
    expect(await saved()).toEqual(["2030-03-31", "2030-04-01"]);
  });
});
