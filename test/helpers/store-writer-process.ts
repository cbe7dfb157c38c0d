// Run as a child process by the crash test: opens the lowdb store in the directory given as the
// first argument and appends messages until killed, printing each message's number once its
// write is acknowledged.
import { systemClock } from "../../proxy/clock.js";
import { createHistory } from "../../proxy/history.js";
import { openLowdbStore } from "../../proxy/store/files/lowdb-store.js";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: store-writer-process.ts <dataDir>");
const store = await openLowdbStore({ dataDir });
const history = createHistory({ store, clock: systemClock, sessionTtlMs: 3_600_000 });
for (let i = 0; ; i += 1) {
  await history.append(`s${i % 5}`, "user", `m${i}`);
  process.stdout.write(`${i}\n`);
}
