// An in-memory Store with the files store's semantics, for tests of the core and the routes.
// Set `failing = true` to make every call throw StoreUnavailableError, as a full or read-only
// disk (or a database gone away) would.
import { randomBytes } from "node:crypto";
import { StoreUnavailableError } from "../../proxy/errors.js";
import { emptyKnowledge, type KnowledgeDocument } from "../../proxy/knowledge/knowledge-store.js";
import { createKeyedQueue } from "../../proxy/store/keyed-queue.js";
import { createLocalMinuteWindows } from "../../proxy/store/local-minute-windows.js";
import { createLocalQuotaCounters } from "../../proxy/store/local-quota-counters.js";
import type { DailyCounters, Store, Thread } from "../../proxy/store/store.js";
import { applyUsageChanges, type UsageDocument } from "../../proxy/usage/usage-shapes.js";

export interface MemoryStore extends Store {
  failing: boolean;
  readonly threads: Map<string, Thread>;
  readonly counters: Map<string, DailyCounters>;
  /** How many times writeCounters was called, to check coalescing. */
  counterWrites: number;
  closed: boolean;
}

export function createMemoryStore(): MemoryStore {
  const queue = createKeyedQueue();
  let usage: UsageDocument | undefined;
  const knowledge = new Map<string, { document: KnowledgeDocument; version: number }>();
  const store: MemoryStore = {
    kind: "files",
    installSecret: randomBytes(32),
    failing: false,
    threads: new Map(),
    counters: new Map(),
    counterWrites: 0,
    closed: false,

    async readThread(sessionId) {
      check();
      return copy(store.threads.get(sessionId));
    },
    updateThread(sessionId, update) {
      return queue.run(sessionId, async () => {
        check();
        const current = copy(store.threads.get(sessionId));
        // Read and write apart, as on disk, so only the per-session queue keeps updates from
        // interleaving. Microtasks, not timers, so tests with fake timers still run.
        await pause();
        const next = update(current);
        if (next) store.threads.set(sessionId, copy(next));
        else store.threads.delete(sessionId);
        return copy(next);
      });
    },
    deleteThread(sessionId) {
      return queue.run(sessionId, async () => {
        check();
        store.threads.delete(sessionId);
      });
    },
    async pruneThreads(cutoff) {
      check();
      let pruned = 0;
      for (const [sessionId, thread] of store.threads) {
        if (Date.parse(thread.startedAt) < cutoff.getTime()) {
          store.threads.delete(sessionId);
          pruned += 1;
        }
      }
      return pruned;
    },
    quotas: createLocalQuotaCounters({
      async readCounters(day) {
        check();
        return copy(store.counters.get(day)) ?? { sites: {}, visitors: {} };
      },
      async writeCounters(day, counters) {
        check();
        const saved = copy(counters);
        await pause();
        store.counterWrites += 1;
        store.counters.set(day, saved);
      },
    }),
    // As in the files store, minute windows live in memory and never fail.
    minuteWindows: createLocalMinuteWindows(),
    sites: {
      read: async () => undefined,
      version: async () => "none",
      change: async () => {
        throw new Error("the memory store has no sites; tests bring theirs in sites.json");
      },
      watch: () => () => undefined,
    },
    usage: {
      async read() {
        check();
        return copy(usage);
      },
      async record(changes) {
        check();
        usage ??= { days: {} };
        applyUsageChanges(usage, changes);
      },
    },
    async checkHealth() {
      check();
    },
    knowledge: {
      async read(siteId) {
        check();
        return structuredClone(knowledge.get(siteId)?.document ?? emptyKnowledge());
      },
      async change(siteId, change) {
        check();
        const document = structuredClone(knowledge.get(siteId)?.document ?? emptyKnowledge());
        const result = await change(document);
        knowledge.set(siteId, { document, version: (knowledge.get(siteId)?.version ?? 0) + 1 });
        return result;
      },
      async version(siteId) {
        check();
        return String(knowledge.get(siteId)?.version ?? "none");
      },
    },
    async close() {
      await queue.idle();
      store.closed = true;
    },
  };

  function check(): void {
    if (store.failing) throw new StoreUnavailableError(new Error("memory store set to fail"));
  }

  return store;
}

async function pause(): Promise<void> {
  for (let turn = 0; turn < 3; turn += 1) await Promise.resolve();
}

function copy<T>(value: T): T {
  return structuredClone(value);
}
