import { computed, signal, type ReadonlySignal } from "@preact/signals-core";

/** A live count of whole seconds down to 0, e.g. until a Retry-After has passed. */
export interface Countdown {
  /** Seconds left, rounded up; 0 when there is nothing to wait for. */
  seconds: ReadonlySignal<number>;
  /** Starts counting down from `seconds`, replacing any count under way; 0 or less changes nothing. */
  start(seconds: number): void;
  dispose(): void;
}

export function createCountdown(now: () => number = Date.now): Countdown {
  const until = signal(0);
  const clock = signal(now());
  const seconds = computed(() => Math.max(0, Math.ceil((until.value - clock.value) / 1000)));
  let ticker: ReturnType<typeof setInterval> | undefined;

  const stopTicker = () => {
    clearInterval(ticker);
    ticker = undefined;
  };

  return {
    seconds,

    start(wait) {
      if (wait <= 0) return;
      stopTicker();
      clock.value = now();
      until.value = clock.value + wait * 1000;
      ticker = setInterval(() => {
        clock.value = now();
        if (clock.value >= until.value) stopTicker();
      }, 1000);
    },

    dispose: stopTicker,
  };
}
