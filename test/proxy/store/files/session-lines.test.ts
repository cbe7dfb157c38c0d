// The conversation file as JSON lines: appends, torn last lines, old one-document files, compaction.
import { appendFile, mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createHistory } from "../../../../proxy/history.js";
import { DataFileError } from "../../../../proxy/store/files/data-file.js";
import { openLowdbStore, type LowdbStoreOptions } from "../../../../proxy/store/files/lowdb-store.js";
import { legacySessionFile, sessionFile } from "../../../../proxy/store/files/session-files.js";
import type { Store, Thread } from "../../../../proxy/store/store.js";
import { createManualClock } from "../../../helpers/manual-clock.js";
import { useTempDirs } from "../../../helpers/temp-dir.js";

const HOUR = 3_600_000;
const tempDir = useTempDirs("chat-lines-");
const open: Store[] = [];
const clock = createManualClock("2030-01-15T12:00:00.000Z");

afterEach(async () => {
  await Promise.all(open.splice(0).map((store) => store.close()));
});

async function openStore(dataDir: string, options: Partial<LowdbStoreOptions> = {}): Promise<Store> {
  const store = await openLowdbStore({ dataDir, clock, ...options });
  open.push(store);
  return store;
}

async function reopen(dataDir: string, options: Partial<LowdbStoreOptions> = {}): Promise<Store> {
  await Promise.all(open.splice(0).map((store) => store.close()));
  return openStore(dataDir, options);
}

const fileOf = (dataDir: string, sessionId: string) => sessionFile(join(dataDir, "sessions"), sessionId);
const lines = async (file: string) => (await readFile(file, "utf8")).split("\n").filter((line) => line !== "");
const at = (minutes: number) => new Date(Date.parse("2030-01-15T12:00:00.000Z") + minutes * 60_000).toISOString();

const oldThread: Thread = {
  sessionId: "old",
  startedAt: at(0),
  messages: [
    { role: "user", content: "Do you ship to Canada?", createdAt: at(0) },
    { role: "assistant", content: "Yes, in 5 days.", createdAt: at(1) },
  ],
};

describe("conversation files as JSON lines", () => {
  it("saves each message as one appended line, in the same file (no rewrite)", async () => {
    const dataDir = await tempDir();
    const history = createHistory({ store: await openStore(dataDir), clock, sessionTtlMs: 24 * HOUR });
    await history.append("s", "user", "Hi");
    const file = fileOf(dataDir, "s");
    const { ino } = await stat(file);
    await history.append("s", "assistant", "Hello!");
    await history.append("s", "user", "Bye");
    expect((await stat(file)).ino).toBe(ino);
    expect((await lines(file)).map((line) => JSON.parse(line) as unknown)).toEqual([
      { sessionId: "s", startedAt: at(0), messages: [{ role: "user", content: "Hi", createdAt: at(0) }] },
      { role: "assistant", content: "Hello!", createdAt: at(0) },
      { role: "user", content: "Bye", createdAt: at(0) },
    ]);
  });

  it("skips a torn last line after a crash, keeps the file, and writes it whole before the next line", async () => {
    const dataDir = await tempDir();
    const history = createHistory({ store: await openStore(dataDir), clock, sessionTtlMs: 24 * HOUR });
    await history.append("s", "user", "Hi");
    await history.append("s", "assistant", "Hello!");
    const file = fileOf(dataDir, "s");
    await appendFile(file, '{"role":"user","content":"half a mess');

    const reopened = createHistory({ store: await reopen(dataDir), clock, sessionTtlMs: 24 * HOUR });
    expect((await reopened.read("s")).map((message) => message.content)).toEqual(["Hi", "Hello!"]);
    await reopened.append("s", "user", "Again");
    expect((await readFile(file, "utf8")).endsWith("\n")).toBe(true);
    expect(await readFile(file, "utf8")).not.toContain("half a mess");
    const restarted = createHistory({ store: await reopen(dataDir), clock, sessionTtlMs: 24 * HOUR });
    expect((await restarted.read("s")).map((message) => message.content)).toEqual(["Hi", "Hello!", "Again"]);
  });

  it("refuses to open when a line before the last is broken, names the file and line, and leaves it alone", async () => {
    const dataDir = await tempDir();
    const history = createHistory({ store: await openStore(dataDir), clock, sessionTtlMs: 24 * HOUR });
    await history.append("s", "user", "Hi");
    await Promise.all(open.splice(0).map((store) => store.close()));
    const file = fileOf(dataDir, "s");
    const bytes = `${(await readFile(file, "utf8")).trimEnd()}\n{"role":"user","conte\n{"role":"user","content":"after","createdAt":"${at(1)}"}\n`;
    await writeFile(file, bytes);
    const opening = openLowdbStore({ dataDir, clock });
    await expect(opening).rejects.toBeInstanceOf(DataFileError);
    await expect(opening).rejects.toThrow(`Data file ${file} is not valid JSON`);
    await expect(opening).rejects.toThrow("at line 2");
    expect(await readFile(file, "utf8")).toBe(bytes);
  });

  it("reads a conversation saved by an earlier version as one JSON document, and turns it into lines on its next message", async () => {
    const dataDir = await tempDir();
    const legacy = legacySessionFile(fileOf(dataDir, "old"));
    await mkdir(dirname(legacy), { recursive: true });
    await writeFile(legacy, JSON.stringify(oldThread));

    const store = await openStore(dataDir);
    expect(await store.readThread("old")).toEqual(oldThread);
    const history = createHistory({ store, clock, sessionTtlMs: 24 * HOUR });
    await history.append("old", "user", "And to Mexico?");
    expect(await readdir(dirname(legacy))).toEqual([expect.stringMatching(/\.jsonl$/)]);

    const restarted = createHistory({ store: await reopen(dataDir), clock, sessionTtlMs: 24 * HOUR });
    expect((await restarted.read("old")).map((message) => message.content)).toEqual(["Do you ship to Canada?", "Yes, in 5 days.", "And to Mexico?"]);
  });

  it("prefers the lines when a crash left the old document next to them, and removes the old one", async () => {
    const dataDir = await tempDir();
    const history = createHistory({ store: await openStore(dataDir), clock, sessionTtlMs: 24 * HOUR });
    await history.append("old", "user", "newer");
    const file = fileOf(dataDir, "old");
    await writeFile(legacySessionFile(file), JSON.stringify(oldThread));

    const restarted = createHistory({ store: await reopen(dataDir), clock, sessionTtlMs: 24 * HOUR });
    expect((await restarted.read("old")).map((message) => message.content)).toEqual(["newer"]);
    expect(await readdir(dirname(file))).toEqual([expect.stringMatching(/\.jsonl$/)]);
  });

  it("compacts a file that is mostly trimmed messages: it stays small and reads back the same", async () => {
    const dataDir = await tempDir();
    const store = await openStore(dataDir, { compactDeadBytes: 2_000 });
    const history = createHistory({ store, clock, sessionTtlMs: 24 * HOUR, maxThreadChars: 2_000 });
    for (let i = 0; i < 60; i++) await history.append("s", "user", `m${i} ${"x".repeat(500)}`);
    const kept = (await history.read("s")).map((message) => message.content);
    expect(kept).toHaveLength(3);
    await reopen(dataDir, { compactDeadBytes: 2_000 });
    expect((await stat(fileOf(dataDir, "s"))).size).toBeLessThan(8_000);
    const restarted = createHistory({ store: open[0]!, clock, sessionTtlMs: 24 * HOUR });
    expect((await restarted.read("s")).map((message) => message.content)).toEqual(kept);
  });

  it("starts a new thread under the same sessionId after its TTL, also after a restart", async () => {
    const dataDir = await tempDir();
    const moving = createManualClock("2030-01-15T12:00:00.000Z");
    const history = createHistory({ store: await openStore(dataDir), clock: moving, sessionTtlMs: HOUR });
    await history.append("s", "user", "first");
    moving.advance(HOUR);
    await history.append("s", "user", "second");
    const restarted = createHistory({ store: await reopen(dataDir), clock: moving, sessionTtlMs: HOUR });
    expect((await restarted.read("s")).map((message) => message.content)).toEqual(["second"]);
  });
});
