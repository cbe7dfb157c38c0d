import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openCounterFiles } from "../../../../proxy/store/files/counter-files.js";
import { DataFileError } from "../../../../proxy/store/files/data-file.js";
import { StoreUnavailableError } from "../../../../proxy/errors.js";
import { openLowdbStore } from "../../../../proxy/store/files/lowdb-store.js";
import { sessionFile } from "../../../../proxy/store/files/session-files.js";
import type { Store, Thread } from "../../../../proxy/store/store.js";
import { createManualClock } from "../../../helpers/manual-clock.js";
import { useTempDirs } from "../../../helpers/temp-dir.js";

const tempDir = useTempDirs("chat-faults-");
const open: Store[] = [];
const clock = createManualClock("2030-01-15T12:00:00.000Z");

afterEach(async () => {
  await Promise.all(open.splice(0).map((store) => store.close()));
});

async function openStore(dataDir: string): Promise<Store> {
  const store = await openLowdbStore({ dataDir, clock });
  open.push(store);
  return store;
}

const thread = (sessionId: string): Thread => ({
  sessionId,
  startedAt: "2030-01-15T12:00:00.000Z",
  messages: [{ role: "user", content: "Hi", createdAt: "2030-01-15T12:00:00.000Z" }],
});

async function writeRaw(file: string, bytes: string): Promise<void> {
  await mkdir(join(file, ".."), { recursive: true });
  await writeFile(file, bytes);
}

describe("lowdb store faults", () => {
  it.each([
    ["is not valid JSON", '{"sessionId":"s","startedAt":"2030-01-15T12:00:00.000Z","messa'],
    ["does not have the expected shape", '{"sessionId":"s","messages":"nope"}'],
  ])("refuses to open when a session file %s, names the file and leaves its bytes alone", async (problem, bytes) => {
    const dataDir = await tempDir();
    const file = sessionFile(join(dataDir, "sessions"), "s");
    await writeRaw(file, bytes);
    const opening = openLowdbStore({ dataDir });
    await expect(opening).rejects.toBeInstanceOf(DataFileError);
    await expect(opening).rejects.toThrow(`Data file ${file} ${problem}`);
    expect(await readFile(file, "utf8")).toBe(bytes);
    await expect(readFile(join(dataDir, ".lock"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("refuses to open when a session file cannot be read", async () => {
    const dataDir = await tempDir();
    const file = sessionFile(join(dataDir, "sessions"), "s");
    await mkdir(file, { recursive: true });
    await expect(openLowdbStore({ dataDir })).rejects.toThrow(`Data file ${file} cannot be read (EISDIR)`);
  });

  it("refuses to open when today's counters file is corrupt and leaves it alone", async () => {
    const dataDir = await tempDir();
    const file = join(dataDir, "counters", "2030-01-15.json");
    await writeRaw(file, '{"sites":{"default":-1},"visitors":{}}');
    await expect(openLowdbStore({ dataDir, clock })).rejects.toThrow(`Data file ${file} does not have the expected shape`);
    expect(await readFile(file, "utf8")).toBe('{"sites":{"default":-1},"visitors":{}}');
  });

  it("never writes over a session file corrupted while running: the update fails with STORE_UNAVAILABLE", async () => {
    const dataDir = await tempDir();
    const store = await openStore(dataDir);
    await store.updateThread("s", () => thread("s"));
    const file = sessionFile(join(dataDir, "sessions"), "s");
    await writeFile(file, "garbage");
    await expect(store.updateThread("s", () => thread("s"))).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.readThread("s")).rejects.toMatchObject({ cause: expect.any(DataFileError) });
    expect(await readFile(file, "utf8")).toBe("garbage");
  });

  it("fails closed with StoreUnavailableError when the disk refuses writes, and checkHealth reports it", async () => {
    const dataDir = await tempDir();
    const store = await openStore(dataDir);
    await store.checkHealth();
    // A regular file where the sessions folder was: every write under it fails, for root too.
    await rm(join(dataDir, "sessions"), { recursive: true });
    await writeFile(join(dataDir, "sessions"), "");
    await expect(store.updateThread("s", () => thread("s"))).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.checkHealth()).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it("fails closed when daily counters cannot be written", async () => {
    const dataDir = await tempDir();
    const store = await openStore(dataDir);
    await rm(join(dataDir, "counters"), { recursive: true });
    await writeFile(join(dataDir, "counters"), "");
    await store.quotas.consume({ day: "2030-01-15", siteId: "default", siteLimit: 5, visitorKey: undefined, visitorLimit: 5 });
    await expect(store.quotas.flush()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.checkHealth()).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it("keeps today's and yesterday's counters and deletes older days", async () => {
    const dataDir = await tempDir();
    for (const day of ["2030-01-12", "2030-01-13", "2030-01-14", "2030-01-15"]) {
      await writeRaw(join(dataDir, "counters", `${day}.json`), '{"sites":{"default":1},"visitors":{}}');
    }
    const counters = await openCounterFiles(join(dataDir, "counters"), new Date("2030-01-15T12:00:00.000Z"));
    expect((await counters.read("2030-01-13")).sites).toEqual({});
    expect((await counters.read("2030-01-14")).sites).toEqual({ default: 1 });
    await counters.write("2030-01-16", { sites: { default: 2 }, visitors: {} });
    expect((await counters.read("2030-01-14")).sites).toEqual({});
    expect((await counters.read("2030-01-15")).sites).toEqual({ default: 1 });
  });

  it("refuses to save a thread the next start-up could not read back", async () => {
    const dataDir = await tempDir();
    const store = await openStore(dataDir);
    await expect(store.updateThread("s", () => thread("other"))).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.updateThread("s", () => ({ ...thread("s"), startedAt: "yesterday-ish" }))).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(await store.readThread("s")).toBeUndefined();
    await store.close();
    await (await openStore(dataDir)).checkHealth();
  });
});
