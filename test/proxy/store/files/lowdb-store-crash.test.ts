import { spawn, type ChildProcess } from "node:child_process";
import { on, once } from "node:events";
import { watch } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { openLowdbStore } from "../../../../proxy/store/files/lowdb-store.js";
import { useTempDirs } from "../../../helpers/temp-dir.js";

const tempDir = useTempDirs("chat-crash-");
const writer = fileURLToPath(new URL("../../../helpers/store-writer-process.ts", import.meta.url));
const root = fileURLToPath(new URL("../../../..", import.meta.url));

function startWriter(dataDir: string, mode: "append" | "compact" | "counters"): { child: ChildProcess; lines: AsyncIterableIterator<string> } {
  const child = spawn(process.execPath, ["--import", "tsx", writer, dataDir, mode], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  return { child, lines: createInterface({ input: child.stdout! })[Symbol.asyncIterator]() };
}

/** Reads acknowledged message numbers until `last`, then kills the writer with SIGKILL. */
async function killAfter(dataDir: string, mode: "append" | "compact", last: number): Promise<number> {
  const { child, lines } = startWriter(dataDir, mode);
  let acknowledged = -1;
  for await (const line of { [Symbol.asyncIterator]: () => lines }) {
    acknowledged = Number(line);
    if (acknowledged >= last) break;
  }
  child.kill("SIGKILL");
  await once(child, "exit");
  return acknowledged;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
}

describe("files store after kill -9", () => {
  it("keeps every acknowledged message while appending, parses every file and takes over the dead process's lock", async () => {
    const dataDir = await tempDir();
    const acknowledged = await killAfter(dataDir, "append", 150);

    const store = await openLowdbStore({ dataDir });
    const saved = new Set<string>();
    for (let session = 0; session < 5; session += 1) {
      for (const message of (await store.readThread(`s${session}`))?.messages ?? []) saved.add(message.content);
    }
    await store.close();
    const missing = Array.from({ length: acknowledged + 1 }, (_, i) => `m${i}`).filter((content) => !saved.has(content));
    expect(missing).toEqual([]);
  });

  it("keeps the live messages of a conversation killed while its file is being compacted, and the file", async () => {
    const dataDir = await tempDir();
    const acknowledged = await killAfter(dataDir, "compact", 120);

    const store = await openLowdbStore({ dataDir });
    const numbers = ((await store.readThread("long"))?.messages ?? []).map((message) => Number(/^m(\d+) /.exec(message.content)?.[1]));
    await store.close();
    // The budget keeps four messages, in order and without gaps, the newest no older than the
    // last one seen acknowledged (the writer may have gone on a few messages before the kill landed).
    const last = numbers.at(-1)!;
    expect(last).toBeGreaterThanOrEqual(acknowledged);
    expect(numbers).toEqual([last - 3, last - 2, last - 1, last]);
    // A temp file a compaction left behind is cleared at the next start; the conversation's file
    // stays, and it was compacted: 120 messages of 1 KB appended, a few KB on disk.
    const files = await filesUnder(join(dataDir, "sessions"));
    expect(files).toEqual([expect.stringMatching(/^[0-9a-f]{64}\.jsonl$/)]);
    const file = (await readdir(join(dataDir, "sessions"), { recursive: true })).find((name) => name.endsWith(".jsonl"))!;
    expect((await stat(join(dataDir, "sessions", file))).size).toBeLessThan(16_000);
  });

  it("finds the daily quota counts and usage on disk after kill -9 once their save interval has passed, without a flush", async () => {
    const dataDir = await tempDir();
    const { child, lines } = startWriter(dataDir, "counters");
    expect((await lines.next()).value).toBe("counted 50");
    // The interval's saves rename the files into place; no flush is ever called.
    await waitForFile(join(dataDir, "counters"), "2030-01-15.json", (value) => value.sites?.default === 50);
    await waitForFile(dataDir, "usage.json", (value) => value.days?.["2030-01-15"]?.default?.messages === 50);
    child.kill("SIGKILL");
    await once(child, "exit");

    const store = await openLowdbStore({ dataDir });
    await store.quotas.load("2030-01-15");
    const count = { day: "2030-01-15", siteId: "default", siteLimit: 50, visitorKey: undefined, visitorLimit: 1 };
    expect(await store.quotas.consume(count)).toBe("site");
    expect((await store.usage.read())?.days["2030-01-15"]?.default?.messages).toBe(50);
    await store.close();
  });
});

type Saved = { sites?: Record<string, number>; days?: Record<string, Record<string, { messages: number }>> };

/** Resolves once `name` in `dir` parses to a value `done` accepts, watching the folder instead of polling. */
async function waitForFile(dir: string, name: string, done: (value: Saved) => boolean): Promise<void> {
  const watcher = watch(dir);
  // Buffered from here on, so a save between a read and the wait is not missed.
  const changes = on(watcher, "change");
  const read = async () => JSON.parse(await readFile(join(dir, name), "utf8").catch(() => "{}")) as Saved;
  try {
    while (!done(await read())) await changes.next();
  } finally {
    watcher.close();
  }
}
