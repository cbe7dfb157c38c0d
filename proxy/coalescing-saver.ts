// Saves in-memory state without a write per change: at most one write in flight, then one more
// with the latest state. Many changes cost few writes, and flush() can still promise that the
// state as of its call is saved. Used for the quota's counters and the usage ledger.

export interface CoalescingSaver {
  /** Schedules a save of the current state. */
  changed(): void;
  /** Resolves when the state as of the call is saved; rejects with the save's error otherwise. */
  flush(): Promise<void>;
}

/** `save` writes the state as it is when called, and throws when it could not. */
export function createCoalescingSaver(save: () => Promise<void>): CoalescingSaver {
  let version = 0;
  let savedVersion = 0;
  let running: Promise<void> | undefined;
  let failure: unknown;

  async function drain(): Promise<void> {
    // Changes of the same tick (a burst) share one write.
    await Promise.resolve();
    while (savedVersion < version) {
      const target = version;
      try {
        await save();
      } catch (error) {
        // The state stays in memory; the next change or flush retries.
        failure = error;
        return;
      }
      savedVersion = target;
      failure = undefined;
    }
  }

  function start(): Promise<void> {
    running ??= drain().finally(() => {
      running = undefined;
      // A change that landed after the loop's last check but before this callback.
      if (savedVersion < version && failure === undefined) void start();
    });
    return running;
  }

  return {
    changed() {
      version += 1;
      void start();
    },
    async flush() {
      const target = version;
      while (savedVersion < target) {
        await start();
        if (savedVersion < target && failure !== undefined) throw failure;
      }
    },
  };
}
