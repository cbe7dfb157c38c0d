// Daily quota counters, one small file per UTC day. Only today's and yesterday's are kept: the
// quota needs today's, and yesterday's may still receive its last counts just after midnight.
import { mkdir, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { TextFile } from "lowdb/node";
import { readDataFile, writeDataFile } from "./data-file.js";
import { decodeCounters } from "../data-shapes.js";
import type { DailyCounters } from "../store.js";
import { daysBefore, utcDay } from "../../utc-day.js";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.json$/;

export interface CounterFiles {
  readonly dir: string;
  read(day: string): Promise<DailyCounters>;
  /** Writes of one day coalesce in steno's Writer: the latest counts win. */
  write(day: string, counters: DailyCounters): Promise<void>;
  /** Resolves when the writes started so far have settled. */
  idle(): Promise<void>;
}

/** Deletes old days and reads the rest once, so a corrupt counters file stops start-up. */
export async function openCounterFiles(dir: string, now: Date): Promise<CounterFiles> {
  await mkdir(dir, { recursive: true });
  let newestDay = utcDay(now);
  await pruneBefore(dir, daysBefore(newestDay, 1));
  for (const name of await readdir(dir)) if (DAY_FILE.test(name)) await readDataFile(join(dir, name), decodeCounters);

  const writers = new Map<string, TextFile>();
  const inFlight = new Set<Promise<void>>();
  const fileOf = (day: string) => {
    if (!DAY.test(day)) throw new Error(`Not a UTC day: ${JSON.stringify(day)}`);
    return join(dir, `${day}.json`);
  };

  return {
    dir,
    async read(day) {
      return (await readDataFile(fileOf(day), decodeCounters)) ?? { sites: {}, visitors: {} };
    },
    async write(day, counters) {
      const file = fileOf(day);
      let writer = writers.get(day);
      if (!writer) writers.set(day, (writer = new TextFile(file)));
      const written = writeDataFile(writer, counters);
      inFlight.add(written);
      try {
        await written;
      } finally {
        inFlight.delete(written);
      }
      if (day > newestDay) {
        newestDay = day;
        const keepFrom = daysBefore(day, 1);
        for (const old of writers.keys()) if (old < keepFrom) writers.delete(old);
        await pruneBefore(dir, keepFrom);
      }
    },
    async idle() {
      await Promise.allSettled([...inFlight]);
    },
  };
}

async function pruneBefore(dir: string, keepFrom: string): Promise<void> {
  for (const name of await readdir(dir)) {
    const day = DAY_FILE.exec(name)?.[1];
    if (day !== undefined && day < keepFrom) await rm(join(dir, name), { force: true });
  }
}
