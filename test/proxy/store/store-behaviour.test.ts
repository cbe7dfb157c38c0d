// One suite, both backends: what the rest of the proxy relies on from a Store, whether it is files
// in DATA_DIR or PostgreSQL.
import { afterEach, describe, expect, it } from "vitest";
import { openLowdbStore } from "../../../proxy/store/files/lowdb-store.js";
import { openPostgresStore } from "../../../proxy/store/postgres/postgres-store.js";
import type { QuotaCount, Store, Thread } from "../../../proxy/store/store.js";
import { createManualClock } from "../../helpers/manual-clock.js";
import { createDatabase } from "../../helpers/postgres.js";
import { testSite } from "../../helpers/sites.js";
import { useTempDirs } from "../../helpers/temp-dir.js";
import { inject } from "vitest";

const tempDir = useTempDirs("store-behaviour-");
const clock = createManualClock("2030-01-15T12:00:00.000Z");

interface Backend {
  name: string;
  /** A new, empty store; `reopen` opens the same one again. */
  open(): Promise<{ store: Store; reopen: () => Promise<Store> }>;
}

const opened: Store[] = [];
const track = (store: Store) => (opened.push(store), store);

const backends: Backend[] = [
  {
    name: "files",
    async open() {
      const dataDir = await tempDir();
      const store = track(await openLowdbStore({ dataDir, clock }));
      return { store, reopen: async () => (await store.close(), track(await openLowdbStore({ dataDir, clock }))) };
    },
  },
  {
    name: "postgres",
    async open() {
      const url = await createDatabase(inject("postgresAdminUrl"));
      const open = async () => track(await openPostgresStore({ url, clock, housekeepingMs: 0 }));
      return { store: await open(), reopen: open };
    },
  },
];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

const thread = (sessionId: string, content = "Hi", startedAt = "2030-01-15T12:00:00.000Z"): Thread => ({
  sessionId,
  startedAt,
  messages: [{ role: "user", content, createdAt: startedAt }],
});

const count = (overrides: Partial<QuotaCount> = {}): QuotaCount => ({
  day: "2030-01-15",
  siteId: "default",
  siteLimit: 100,
  visitorKey: "visitor-a",
  visitorLimit: 100,
  ...overrides,
});

describe.each(backends)("$name store", (backend) => {
  describe("conversations", () => {
    it("saves a thread and reads it back; an unknown session reads as undefined", async () => {
      const { store } = await backend.open();
      expect(await store.updateThread("s1", () => thread("s1"))).toEqual(thread("s1"));
      expect(await store.readThread("s1")).toEqual(thread("s1"));
      expect(await store.readThread("nobody")).toBeUndefined();
    });

    it("keeps every message of 20 concurrent appends to one conversation", async () => {
      const { store } = await backend.open();
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.updateThread("s1", (current) => {
            const message = { role: "user" as const, content: `m${i}`, createdAt: "2030-01-15T12:00:00.000Z" };
            return current ? { ...current, messages: [...current.messages, message] } : { ...thread("s1"), messages: [message] };
          }),
        ),
      );
      const contents = (await store.readThread("s1"))!.messages.map((message) => message.content);
      expect(contents.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`).sort());
    });

    it("replaces a thread that starts anew, deletes on undefined, and survives a reopen", async () => {
      const { store, reopen } = await backend.open();
      await store.updateThread("s1", () => thread("s1", "old"));
      await store.updateThread("s1", () => thread("s1", "new", "2030-01-16T12:00:00.000Z"));
      await store.updateThread("s2", () => thread("s2"));
      await store.updateThread("s2", () => undefined);
      const again = await reopen();
      expect(await again.readThread("s1")).toEqual(thread("s1", "new", "2030-01-16T12:00:00.000Z"));
      expect(await again.readThread("s2")).toBeUndefined();
    });

    it("deletes a thread, and prunes only threads started before the cutoff", async () => {
      const { store } = await backend.open();
      await store.updateThread("old", () => thread("old", "x", "2030-01-14T00:00:00.000Z"));
      await store.updateThread("young", () => thread("young", "x", "2030-01-15T11:00:00.000Z"));
      await store.updateThread("gone", () => thread("gone"));
      await store.deleteThread("gone");
      expect(await store.pruneThreads(new Date("2030-01-15T00:00:00.000Z"))).toBe(1);
      expect(await store.readThread("old")).toBeUndefined();
      expect(await store.readThread("gone")).toBeUndefined();
      expect(await store.readThread("young")).toBeDefined();
    });

    it("refuses to save a malformed thread", async () => {
      const { store } = await backend.open();
      await expect(store.updateThread("s1", () => thread("other"))).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
      expect(await store.readThread("s1")).toBeUndefined();
    });
  });

  describe("daily quotas", () => {
    it("counts against both limits and says which one refuses", async () => {
      const { store } = await backend.open();
      expect(await store.quotas.consume(count({ visitorLimit: 1 }))).toBeUndefined();
      expect(await store.quotas.consume(count({ visitorLimit: 1 }))).toBe("visitor");
      expect(await store.quotas.consume(count({ visitorKey: "visitor-b", siteLimit: 1 }))).toBe("site");
      // The site's refusal did not count the visitor: with room on the site, visitor-b gets through.
      expect(await store.quotas.consume(count({ visitorKey: "visitor-b", visitorLimit: 1, siteLimit: 2 }))).toBeUndefined();
    });

    it("takes limits as large as the configuration allows", async () => {
      const { store } = await backend.open();
      const huge = Number.MAX_SAFE_INTEGER;
      expect(await store.quotas.consume(count({ siteLimit: huge, visitorLimit: huge }))).toBeUndefined();
    });

    it("admits exactly 10 of 50 concurrent messages when 10 remain", async () => {
      const { store } = await backend.open();
      for (let i = 0; i < 50; i += 1) await store.quotas.consume(count({ siteLimit: 60, visitorKey: `seed-${i}` }));
      const outcomes = await Promise.all(Array.from({ length: 50 }, (_, i) => store.quotas.consume(count({ siteLimit: 60, visitorKey: `v-${i}` }))));
      expect(outcomes.filter((outcome) => outcome === undefined)).toHaveLength(10);
      expect(outcomes.filter((outcome) => outcome === "site")).toHaveLength(40);
    });

    it("gives a refund back to both limits; a keyed call counts only the site", async () => {
      const { store } = await backend.open();
      await store.quotas.consume(count({ siteLimit: 1, visitorLimit: 1 }));
      await store.quotas.refund(count());
      expect(await store.quotas.consume(count({ siteLimit: 2, visitorLimit: 1 }))).toBeUndefined();
      expect(await store.quotas.consume(count({ siteLimit: 2, visitorKey: undefined }))).toBeUndefined();
      expect(await store.quotas.consume(count({ siteLimit: 2, visitorKey: undefined }))).toBe("site");
    });

    it("keeps the day's counts across a reopen, and a new day starts at zero", async () => {
      const { store, reopen } = await backend.open();
      await store.quotas.consume(count({ siteLimit: 1 }));
      await store.quotas.flush();
      const again = await reopen();
      await again.quotas.load("2030-01-15");
      expect(await again.quotas.consume(count({ siteLimit: 1 }))).toBe("site");
      expect(await again.quotas.consume(count({ siteLimit: 1, day: "2030-01-16" }))).toBeUndefined();
    });
  });

  describe("minute windows", () => {
    it("counts hits in a window that ends windowMs after its first hit, then starts a new one", async () => {
      const { store } = await backend.open();
      const start = new Date("2030-01-15T12:00:00.000Z");
      await store.minuteWindows.increment("a", start, 60_000);
      expect(await store.minuteWindows.increment("a", new Date(start.getTime() + 59_999), 60_000)).toEqual({
        totalHits: 2,
        resetTime: new Date("2030-01-15T12:01:00.000Z"),
      });
      expect(await store.minuteWindows.increment("a", new Date(start.getTime() + 60_000), 60_000)).toEqual({
        totalHits: 1,
        resetTime: new Date("2030-01-15T12:02:00.000Z"),
      });
    });

    it("gives a hit back within its window, never below zero, and keeps keys apart", async () => {
      const { store } = await backend.open();
      const now = new Date("2030-01-15T12:00:00.000Z");
      await store.minuteWindows.increment("a", now, 60_000);
      await store.minuteWindows.increment("b", now, 60_000);
      await store.minuteWindows.decrement("a", now);
      await store.minuteWindows.decrement("a", now);
      expect((await store.minuteWindows.increment("a", now, 60_000)).totalHits).toBe(1);
      expect((await store.minuteWindows.increment("b", now, 60_000)).totalHits).toBe(2);
      await store.minuteWindows.reset("b");
      expect((await store.minuteWindows.increment("b", now, 60_000)).totalHits).toBe(1);
    });
  });

  describe("sites", () => {
    it("has none at first, then what a change wrote, with a new version", async () => {
      const { store } = await backend.open();
      expect(await store.sites.read()).toBeUndefined();
      const before = await store.sites.version();
      const { stored } = testSite({ dailyQuota: 5 });
      await store.sites.change((document) => document.sites.push(stored));
      expect(await store.sites.read()).toEqual({ sites: [stored] });
      expect(await store.sites.version()).not.toBe(before);
      await store.sites.change((document) => Object.assign(document.sites[0]!, { enabled: false }));
      expect((await store.sites.read())!.sites[0]).toMatchObject({ id: stored.id, enabled: false });
    });

    it("writes nothing when the change throws, and passes its error on", async () => {
      const { store } = await backend.open();
      await store.sites.change((document) => document.sites.push(testSite().stored));
      const version = await store.sites.version();
      const refusal = new Error("no such site");
      await expect(
        store.sites.change((document) => {
          document.sites.splice(0);
          throw refusal;
        }),
      ).rejects.toBe(refusal);
      expect((await store.sites.read())!.sites).toHaveLength(1);
      expect(await store.sites.version()).toBe(version);
    });
  });

  describe("usage", () => {
    it("adds recorded figures to what is stored, counting each session once", async () => {
      const { store } = await backend.open();
      const day = (messages: number, hashes: string[]) => ({
        days: { "2030-01-15": { site_a: { messages, promptTokens: 10 * messages, completionTokens: messages, refused: { RATE_LIMITED: 1 }, sessions: 0, sessionHashes: hashes } } },
      });
      await store.usage.record(day(2, ["aa", "bb"]));
      await store.usage.record(day(3, ["bb", "cc"]));
      expect((await store.usage.read())!.days["2030-01-15"]!.site_a).toMatchObject({
        messages: 5,
        promptTokens: 50,
        completionTokens: 5,
        refused: { RATE_LIMITED: 2 },
        sessions: 3,
      });
    });
  });

  it("keeps one random install secret across reopens", async () => {
    const { store, reopen } = await backend.open();
    expect(store.installSecret).toHaveLength(32);
    const secret = Buffer.from(store.installSecret);
    expect((await reopen()).installSecret.equals(secret)).toBe(true);
  });

  it("reports itself healthy and refuses calls once closed", async () => {
    const { store } = await backend.open();
    await store.checkHealth();
    await store.close();
    await expect(store.readThread("s")).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
  });
});
