import { readdir, readFile, rm, stat } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createHistory } from "../../../../proxy/history.js";
import { openLowdbStore } from "../../../../proxy/store/files/lowdb-store.js";
import { createDailyQuota } from "../../../../proxy/quota.js";
import type { Store, Thread } from "../../../../proxy/store/store.js";
import { createManualClock } from "../../../helpers/manual-clock.js";
import { useTempDirs } from "../../../helpers/temp-dir.js";

const HOUR = 3_600_000;
const tempDir = useTempDirs("chat-store-");
const open: Store[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((store) => store.close()));
});

async function openStore(dataDir: string, clock = createManualClock()): Promise<Store> {
  const store = await openLowdbStore({ dataDir, clock });
  open.push(store);
  return store;
}

const thread = (sessionId: string, startedAt = "2030-01-15T12:00:00.000Z", content = "Hi"): Thread => ({
  sessionId,
  startedAt,
  messages: [{ role: "user", content, createdAt: startedAt }],
});

async function dataFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile() && /\.jsonl?$/.test(entry.name)).map((entry) => join(entry.parentPath, entry.name));
}

/** A data file's JSON values, one a line (a counters file holds one). */
async function readLines(file: string): Promise<unknown[]> {
  return (await readFile(file, "utf8"))
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as unknown);
}

describe("lowdb store", () => {
  it("saves a thread and reads it back, one file per session under sessions/", async () => {
    const dataDir = await tempDir();
    const store = await openStore(dataDir);
    await store.updateThread("abc", () => thread("abc"));
    expect(await store.readThread("abc")).toEqual(thread("abc"));
    expect(await store.readThread("unknown")).toBeUndefined();
    const files = (await dataFiles(dataDir)).map((file) => relative(dataDir, file));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^sessions\/[0-9a-f]{2}\/[0-9a-f]{64}\.jsonl$/);
  });

  it("keeps sessionIds that differ only in case apart, and accepts 255-character ids", async () => {
    const store = await openStore(await tempDir());
    const long = "a".repeat(255);
    await store.updateThread("abc", () => thread("abc", undefined, "lower"));
    await store.updateThread("ABC", () => thread("ABC", undefined, "upper"));
    await store.updateThread(long, () => thread(long));
    expect((await store.readThread("abc"))?.messages[0]?.content).toBe("lower");
    expect((await store.readThread("ABC"))?.messages[0]?.content).toBe("upper");
    expect((await store.readThread(long))?.sessionId).toBe(long);
  });

  it("deletes a thread when the update returns undefined and on deleteThread", async () => {
    const dataDir = await tempDir();
    const store = await openStore(dataDir);
    await store.updateThread("a", () => thread("a"));
    await store.updateThread("b", () => thread("b"));
    await store.updateThread("a", () => undefined);
    await store.deleteThread("b");
    expect(await store.readThread("a")).toBeUndefined();
    expect(await store.readThread("b")).toBeUndefined();
    expect(await dataFiles(dataDir)).toEqual([]);
  });

  it("writes nothing when an update returns the current thread itself", async () => {
    const dataDir = await tempDir();
    const store = await openStore(dataDir);
    await store.updateThread("s", () => thread("s"));
    const [file] = await dataFiles(dataDir);
    const before = await stat(file!);
    expect(await store.updateThread("s", (current) => current)).toEqual(thread("s"));
    expect((await stat(file!)).ino).toBe(before.ino);
  });

  it("creates a shard folder again when it was removed while running", async () => {
    const dataDir = await tempDir();
    const store = await openStore(dataDir);
    await store.updateThread("s", () => thread("s"));
    await store.updateThread("s", (current) => ({ ...current!, messages: [...current!.messages, { role: "assistant", content: "open", createdAt: current!.startedAt }] }));
    const [file] = await dataFiles(dataDir);
    await rm(dirname(file!), { recursive: true });
    await store.updateThread("s", () => thread("s", undefined, "again"));
    expect(await readLines(file!)).toEqual([thread("s", undefined, "again")]);
  });

  it("serialises concurrent updates of one session so none is lost", async () => {
    const store = await openStore(await tempDir());
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        store.updateThread("s", (current) => {
          const base = current ?? { sessionId: "s", startedAt: "2030-01-15T12:00:00.000Z", messages: [] };
          return { ...base, messages: [...base.messages, { role: "user", content: `m${i}`, createdAt: base.startedAt }] };
        }),
      ),
    );
    const saved = await store.readThread("s");
    expect(saved?.messages.map((message) => message.content)).toEqual(Array.from({ length: 50 }, (_, i) => `m${i}`));
  });

  it("expires a conversation after SESSION_TTL with an injected clock, also after a restart", async () => {
    const dataDir = await tempDir();
    const clock = createManualClock("2030-01-15T12:00:00.000Z");
    const history = createHistory({ store: await openStore(dataDir, clock), clock, sessionTtlMs: 24 * HOUR });
    await history.append("s", "user", "Hi");
    clock.advance(24 * HOUR);
    expect(await history.read("s")).toEqual([]);
    await history.append("s", "user", "new day");
    await open.splice(0)[0]?.close();

    const reopened = createHistory({ store: await openStore(dataDir, clock), clock, sessionTtlMs: 24 * HOUR });
    expect(await reopened.read("s")).toEqual([{ role: "user", content: "new day", createdAt: "2030-01-16T12:00:00.000Z" }]);
  });

  it("prunes threads started before the cutoff, files included, and they stay gone after a restart", async () => {
    const dataDir = await tempDir();
    const store = await openStore(dataDir);
    await store.updateThread("old", () => thread("old", "2030-01-14T11:00:00.000Z"));
    await store.updateThread("young", () => thread("young", "2030-01-15T11:00:00.000Z"));
    expect(await store.pruneThreads(new Date("2030-01-14T12:00:00.000Z"))).toBe(1);
    expect(await dataFiles(dataDir)).toHaveLength(1);
    await store.close();

    const reopened = await openStore(dataDir);
    expect(await reopened.readThread("old")).toBeUndefined();
    expect(await reopened.readThread("young")).toEqual(thread("young", "2030-01-15T11:00:00.000Z"));
    expect(await reopened.pruneThreads(new Date("2030-01-14T12:00:00.000Z"))).toBe(0);
  });

  it("prunes hundreds of expired threads at once and keeps the live ones", async () => {
    const dataDir = await tempDir();
    const store = await openStore(dataDir);
    await Promise.all(Array.from({ length: 150 }, (_, i) => store.updateThread(`old-${i}`, () => thread(`old-${i}`, "2030-01-14T11:00:00.000Z"))));
    await store.updateThread("young", () => thread("young"));
    expect(await store.pruneThreads(new Date("2030-01-14T12:00:00.000Z"))).toBe(150);
    expect(await dataFiles(dataDir)).toHaveLength(1);
  });

  it("keeps threads and the daily quota across a restart on the same DATA_DIR", async () => {
    const dataDir = await tempDir();
    const clock = createManualClock("2030-01-15T12:00:00.000Z");
    const store = await openStore(dataDir, clock);
    await store.updateThread("s", () => thread("s"));
    const quota = createDailyQuota({ store, clock, siteLimit: 2, visitorLimit: 10 });
    await quota.consume("default", "a");
    await quota.consume("default", "b");
    await quota.flush();
    await store.close();

    const reopened = await openStore(dataDir, clock);
    expect(await reopened.readThread("s")).toEqual(thread("s"));
    const restarted = createDailyQuota({ store: reopened, clock, siteLimit: 2, visitorLimit: 10 });
    await restarted.load();
    await expect(restarted.consume("default", "c")).rejects.toMatchObject({ code: "DAILY_QUOTA_EXCEEDED" });
  });

  it("flushes pending writes on close and then refuses further calls", async () => {
    const dataDir = await tempDir();
    const store = await openStore(dataDir);
    const count = { day: "2030-01-15", siteId: "default", siteLimit: 1, visitorKey: undefined, visitorLimit: 1 };
    const pending = [store.updateThread("s", () => thread("s")), store.quotas.consume(count)];
    await store.close();
    await Promise.all(pending);
    await expect(store.readThread("s")).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });

    const reopened = await openStore(dataDir);
    expect(await reopened.readThread("s")).toEqual(thread("s"));
    await reopened.quotas.load("2030-01-15");
    expect(await reopened.quotas.consume(count)).toBe("site");
  });

  it("leaves only complete JSON files after many concurrent writes", async () => {
    const dataDir = await tempDir();
    const store = await openStore(dataDir);
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => store.updateThread(`s${i % 20}`, () => thread(`s${i % 20}`, undefined, "x".repeat(i * 100)))),
    );
    const count = { day: "2030-01-15", siteId: "default", siteLimit: 100, visitorKey: undefined, visitorLimit: 1 };
    await Promise.all(Array.from({ length: 20 }, () => store.quotas.consume(count)));
    await store.quotas.flush();
    const files = await dataFiles(dataDir);
    expect(files).toHaveLength(21);
    const parsed = (await Promise.all(files.map(readLines))).flat();
    expect(parsed.length).toBeGreaterThanOrEqual(21);
    expect(parsed).toContainEqual({ sites: { default: 20 }, visitors: {} });
  });
});
