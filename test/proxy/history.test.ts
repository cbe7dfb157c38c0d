import { describe, expect, it } from "vitest";
import { createHistory } from "../../proxy/history.js";
import { createManualClock } from "../helpers/manual-clock.js";
import { createMemoryStore } from "../helpers/memory-store.js";

const HOUR = 3_600_000;

function setup() {
  const store = createMemoryStore();
  const clock = createManualClock("2030-01-15T12:00:00.000Z");
  const history = createHistory({ store, clock, sessionTtlMs: 24 * HOUR });
  return { store, clock, history };
}

describe("history", () => {
  it("returns [] for a session with no messages", async () => {
    expect(await setup().history.read("nobody")).toEqual([]);
  });

  it("appends messages stamped with the clock's ISO time and reads them back oldest first", async () => {
    const { history, clock } = setup();
    const first = await history.append("s1", "user", "Hi");
    clock.advance(1500);
    await history.append("s1", "assistant", "Hello!");
    expect(first).toEqual({ role: "user", content: "Hi", createdAt: "2030-01-15T12:00:00.000Z" });
    expect(await history.read("s1")).toEqual([
      { role: "user", content: "Hi", createdAt: "2030-01-15T12:00:00.000Z" },
      { role: "assistant", content: "Hello!", createdAt: "2030-01-15T12:00:01.500Z" },
    ]);
  });

  it("appends a visitor message and resolves with the live thread's messages", async () => {
    const { history, clock } = setup();
    await history.append("s1", "user", "Hi");
    await history.append("s1", "assistant", "Hello!");
    clock.advance(1000);
    const messages = await history.appendVisitorMessage("s1", "Hi");
    expect(messages.map((message) => message.content)).toEqual(["Hi", "Hello!", "Hi"]);
    expect(await history.read("s1")).toEqual(messages);
  });

  it("does not append a visitor message again when the live thread already ends with it (a retry)", async () => {
    const { history, clock } = setup();
    await history.appendVisitorMessage("s1", "Hi");
    clock.advance(1000);
    const messages = await history.appendVisitorMessage("s1", "Hi");
    expect(messages).toEqual([{ role: "user", content: "Hi", createdAt: "2030-01-15T12:00:00.000Z" }]);
    expect(await history.read("s1")).toEqual(messages);
  });

  it("starts a new thread with a repeated visitor message once SESSION_TTL has passed", async () => {
    const { history, clock } = setup();
    await history.appendVisitorMessage("s1", "Hi");
    clock.advance(24 * HOUR);
    expect(await history.appendVisitorMessage("s1", "Hi")).toEqual([{ role: "user", content: "Hi", createdAt: "2030-01-16T12:00:00.000Z" }]);
  });

  it("keeps both messages when two are appended to one session at once", async () => {
    const { history } = setup();
    await Promise.all([history.append("s1", "user", "one"), history.append("s1", "user", "two")]);
    expect((await history.read("s1")).map((message) => message.content)).toEqual(["one", "two"]);
  });

  it("returns [] once SESSION_TTL has passed since the first message, even after later messages", async () => {
    const { history, clock } = setup();
    await history.append("s1", "user", "Hi");
    clock.advance(23 * HOUR);
    await history.append("s1", "user", "Still there?");
    expect(await history.read("s1")).toHaveLength(2);
    clock.advance(HOUR);
    expect(await history.read("s1")).toEqual([]);
  });

  it("starts a new thread when the same sessionId writes after expiry", async () => {
    const { history, clock, store } = setup();
    await history.append("s1", "user", "old");
    clock.advance(25 * HOUR);
    await history.append("s1", "user", "new");
    expect((await history.read("s1")).map((message) => message.content)).toEqual(["new"]);
    expect(store.threads.get("s1")?.startedAt).toBe("2030-01-16T13:00:00.000Z");
  });

  it("removes a conversation", async () => {
    const { history, store } = setup();
    await history.append("s1", "user", "Hi");
    await history.remove("s1");
    expect(await history.read("s1")).toEqual([]);
    expect(store.threads.has("s1")).toBe(false);
  });

  it("prunes only threads started more than SESSION_TTL ago", async () => {
    const { history, clock, store } = setup();
    await history.append("old", "user", "Hi");
    clock.advance(12 * HOUR);
    await history.append("young", "user", "Hi");
    clock.advance(12 * HOUR + 1);
    expect(await history.prune()).toBe(1);
    expect([...store.threads.keys()]).toEqual(["young"]);
  });

  it("drops the oldest messages once a thread's content passes its character budget", async () => {
    const store = createMemoryStore();
    const clock = createManualClock();
    const history = createHistory({ store, clock, sessionTtlMs: 24 * HOUR, maxThreadChars: 10 });
    await history.append("s1", "user", "aaaa");
    await history.append("s1", "assistant", "bbbb");
    await history.append("s1", "user", "cccc");
    expect((await history.read("s1")).map((message) => message.content)).toEqual(["bbbb", "cccc"]);
    await history.append("s1", "assistant", "x".repeat(20));
    expect((await history.read("s1")).map((message) => message.content)).toEqual(["x".repeat(20)]);
    expect(store.threads.get("s1")?.startedAt).toBe("2030-01-15T12:00:00.000Z");
  });
});
