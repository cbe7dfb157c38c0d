// Run as a child process by the crash tests: opens the files store in the directory given as the
// first argument and writes until killed, printing what was acknowledged.
//   append    messages to five conversations; prints each message's number once it is saved
//   compact   long messages to one conversation trimmed to a small budget, so its file is
//             rewritten (compacted) every few messages; prints each saved message's number
//   counters  50 messages counted against the daily quota and recorded in usage, printing
//             `counted 50`, then idles without a flush: only the interval's save can put them on disk
import { systemClock } from "../../proxy/clock.js";
import { createHistory } from "../../proxy/history.js";
import { openLowdbStore } from "../../proxy/store/files/lowdb-store.js";
import { emptySiteDay } from "../../proxy/usage/usage-shapes.js";

const [dataDir, mode = "append"] = process.argv.slice(2);
if (!dataDir) throw new Error("usage: store-writer-process.ts <dataDir> [append|compact|counters]");
const store = await openLowdbStore({ dataDir, compactDeadBytes: 4_096 });

if (mode === "counters") {
  const count = { day: "2030-01-15", siteId: "default", siteLimit: 1_000, visitorKey: undefined, visitorLimit: 1_000 };
  for (let i = 0; i < 50; i += 1) await store.quotas.consume(count);
  const messages = { ...emptySiteDay(), messages: 50, sessionHashes: [] };
  await store.usage.record({ days: { "2030-01-15": { default: messages } } });
  process.stdout.write("counted 50\n");
  setInterval(() => undefined, 60_000);
} else {
  const compacting = mode === "compact";
  const history = createHistory({ store, clock: systemClock, sessionTtlMs: 3_600_000, maxThreadChars: compacting ? 5_000 : undefined });
  for (let i = 0; ; i += 1) {
    await history.append(compacting ? "long" : `s${i % 5}`, "user", compacting ? `m${i} ${"x".repeat(1_000)}` : `m${i}`);
    process.stdout.write(`${i}\n`);
  }
}
