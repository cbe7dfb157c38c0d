// Store scaling: the cost of saving a message and of reading a history with 1,000, 10,000 and
// 100,000 messages already stored (conversations of ten messages, as the files store keeps them:
// one JSON-lines file each, written straight into its layout so filling takes seconds), and the
// longest event-loop stall while doing it. The 1,000 level is the baseline.
import { mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { systemClock } from "../proxy/clock.js";
import { createHistory, type History } from "../proxy/history.js";
import { openLowdbStore } from "../proxy/store/files/lowdb-store.js";
import { sessionFile } from "../proxy/store/files/session-files.js";
import { snapshotLine } from "../proxy/store/files/thread-lines.js";
import type { Store, StoredMessage, Thread } from "../proxy/store/store.js";
import type { Figure } from "./lib/result.js";
import { median, spread } from "./lib/stats.js";

const SUITE = "store scaling";
const LEVELS = [1_000, 10_000, 100_000];
const MESSAGES_PER_THREAD = 10;
const SAVES = 500;
const READS = 1_000;
const WRITE_BATCH = 64;
const DAY_MS = 24 * 3_600_000;

const ROUNDS = 5;
// Saves and reads go to the same number of conversations at every level (the ones in use right
// now), so the only thing that changes between levels is how much else is stored.
const ACTIVE_SESSIONS = 100;

interface Level {
  stored: number;
  saves: number[];
  reads: number[];
  /** Longest event-loop stall while saving and while reading, ms. */
  saveStall: number;
  readStall: number;
  openMs: number;
}

interface OpenLevel extends Level {
  store: Store;
  dataDir: string;
  history: History;
  pick(): string;
  close(): Promise<void>;
}

export async function storeScaling(): Promise<Figure[]> {
  const levels: OpenLevel[] = [];
  try {
    for (const stored of LEVELS) levels.push(await openLevel(stored));
    // Rounds take turns over the levels, so drift on a shared machine touches each alike; the
    // first round only warms up the JIT and is not counted.
    for (let round = 0; round <= ROUNDS; round++) {
      for (const level of levels) await measureRound(level, round > 0);
    }
    const upkeep = await measureUpkeep(levels.at(-1)!);
    return [...figures(levels), ...upkeepFigures(upkeep, levels.at(-1)!.stored)];
  } finally {
    for (const level of levels) await level.close();
  }
}

async function openLevel(stored: number): Promise<OpenLevel> {
  const dataDir = await mkdtemp(join(tmpdir(), "chat-widget-bench-store-"));
  const sessionIds = await fill(dataDir, stored / MESSAGES_PER_THREAD);
  const opening = performance.now();
  const store = await openLowdbStore({ dataDir });
  const openMs = performance.now() - opening;
  return {
    store,
    dataDir,
    stored,
    saves: [],
    reads: [],
    saveStall: 0,
    readStall: 0,
    openMs,
    history: createHistory({ store, clock: systemClock, sessionTtlMs: DAY_MS }),
    pick: () => sessionIds[Math.floor(Math.random() * ACTIVE_SESSIONS)]!,
    async close() {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function measureRound(level: OpenLevel, counted: boolean): Promise<void> {
  const saves = await watchStalls(() => timeEach(SAVES / ROUNDS, () => level.history.append(level.pick(), "user", "How long does the kettle take to boil a litre?")));
  const reads = await watchStalls(() => timeEach(READS / ROUNDS, () => level.history.read(level.pick())));
  if (!counted) return;
  level.saves.push(...saves.durations);
  level.reads.push(...reads.durations);
  level.saveStall = Math.max(level.saveStall, saves.stall);
  level.readStall = Math.max(level.readStall, reads.stall);
}

interface Upkeep {
  /** Longest stall while a conversation at its size budget grows, and its file is compacted. */
  compactStall: number;
  compactions: number;
  fileBytes: number;
  appendedBytes: number;
  pruneStall: number;
  pruned: number;
}

// Upkeep at the largest level: a conversation at the history's budget (a million characters)
// keeps growing, so each message trims the oldest and its file fills with dead lines until it is
// compacted (rewritten whole); then every stored conversation expires and is pruned at once.
async function measureUpkeep(level: OpenLevel): Promise<Upkeep> {
  const sessionId = "bench-compacted";
  const file = sessionFile(join(level.dataDir, "sessions"), sessionId);
  const reply = "Yes. ".repeat(800);
  for (let filled = 0; filled < 1_000_000; filled += reply.length) await level.history.append(sessionId, "assistant", reply);
  let compactions = 0;
  let appendedBytes = 0;
  let lastSize = (await stat(file)).size;
  const compacting = await watchStalls(() =>
    timeEach(600, async () => {
      await level.history.append(sessionId, "assistant", reply);
      appendedBytes += reply.length;
      // Compaction follows the acknowledged append in the session's queue; the next read waits for it.
      await level.history.read(sessionId);
      const size = (await stat(file)).size;
      if (size < lastSize) compactions += 1;
      lastSize = size;
    }),
  );
  const pruning = await watchStalls(async () => [await level.store.pruneThreads(new Date(Date.now() + DAY_MS))]);
  return { compactStall: compacting.stall, compactions, fileBytes: lastSize, appendedBytes, pruneStall: pruning.stall, pruned: pruning.durations[0]! };
}

function upkeepFigures(upkeep: Upkeep, stored: number): Figure[] {
  const worst = Math.max(upkeep.compactStall, upkeep.pruneStall);
  return [
    {
      suite: SUITE,
      name: "longest event-loop stall while compacting and pruning",
      value: worst,
      unit: "ms",
      note:
        `compacting a 1,000,000-character conversation: ${upkeep.compactStall.toFixed(1)} ms (${upkeep.compactions} compactions over ` +
        `${(upkeep.appendedBytes / 1e6).toFixed(1)} MB appended, file ${(upkeep.fileBytes / 1e6).toFixed(1)} MB after); ` +
        `pruning all ${upkeep.pruned.toLocaleString("en-US")} conversations of the ${stored.toLocaleString("en-US")} level at once: ${upkeep.pruneStall.toFixed(1)} ms`,
      target: { text: "none over 20 ms", met: worst <= 20 && upkeep.compactions > 0 },
    },
  ];
}

async function watchStalls(run: () => Promise<number[]>): Promise<{ durations: number[]; stall: number }> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const durations = await run();
  delay.disable();
  return { durations, stall: delay.max / 1e6 };
}

/** Writes `threads` live conversations in the store's file layout; returns their sessionIds. */
async function fill(dataDir: string, threads: number): Promise<string[]> {
  const sessionsDir = join(dataDir, "sessions");
  const startedAt = new Date(Date.now() - 3_600_000);
  const sessionIds = Array.from({ length: threads }, (_, i) => `bench-session-${i}`);
  for (let start = 0; start < threads; start += WRITE_BATCH) {
    await Promise.all(
      sessionIds.slice(start, start + WRITE_BATCH).map(async (sessionId) => {
        const file = sessionFile(sessionsDir, sessionId);
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, snapshotLine(thread(sessionId, startedAt)));
      }),
    );
  }
  return sessionIds;
}

function thread(sessionId: string, startedAt: Date): Thread {
  const messages: StoredMessage[] = Array.from({ length: MESSAGES_PER_THREAD }, (_, i) => ({
    role: i % 2 === 0 ? "user" : "assistant",
    content: i % 2 === 0 ? `Question ${i}: does the kettle switch itself off?` : `Yes. Answer ${i}: it switches off at the boil and when lifted off its base.`,
    createdAt: new Date(startedAt.getTime() + i * 1000).toISOString(),
  }));
  return { sessionId, startedAt: startedAt.toISOString(), messages };
}

async function timeEach(times: number, operation: () => Promise<unknown>): Promise<number[]> {
  const durations: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await operation();
    durations.push(performance.now() - started);
  }
  return durations;
}

function figures(levels: Level[]): Figure[] {
  const base = levels[0]!;
  const label = (stored: number) => `${stored.toLocaleString("en-US")} stored`;
  const rows: Figure[] = [];
  for (const [kind, valuesOf] of [
    ["save a message", (level: Level) => level.saves],
    ["read a history", (level: Level) => level.reads],
  ] as const) {
    for (const level of levels) {
      // In microseconds: with conversations in memory and appended lines, milliseconds round to 0.
      const micros = (values: number[]) => values.map((value) => value * 1000);
      rows.push({
        suite: SUITE,
        name: `${kind}, ${label(level.stored)}`,
        value: median(micros(valuesOf(level))),
        unit: "µs",
        ...(level !== base && { baseline: { name: label(base.stored), value: median(micros(valuesOf(base))) } }),
        spread: spread(micros(valuesOf(level)), 1),
      });
    }
    const largest = levels.at(-1)!;
    const ratio = median(valuesOf(largest)) / median(valuesOf(base));
    rows.push({
      suite: SUITE,
      name: `${kind}: ${label(largest.stored)} ÷ ${label(base.stored)}`,
      value: ratio,
      unit: "×",
      target: { text: "≤ 1.2 ×", met: ratio <= 1.2 },
    });
  }
  const stall = Math.max(...levels.flatMap((level) => [level.saveStall, level.readStall]));
  rows.push({
    suite: SUITE,
    name: "longest event-loop stall while saving and reading",
    value: stall,
    unit: "ms",
    note:
      levels.map((level) => `${label(level.stored)}: saving ${level.saveStall.toFixed(1)}, reading ${level.readStall.toFixed(1)} ms`).join("; ") +
      `; opening the store (index scan) at ${label(levels.at(-1)!.stored)} takes ${Math.round(levels.at(-1)!.openMs)} ms`,
    target: { text: "none over 20 ms", met: stall <= 20 },
  });
  return rows;
}
