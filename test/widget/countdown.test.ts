import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createCountdown } from "../../widget/src/countdown";

describe("createCountdown", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("is 0 until started", () => {
    expect(createCountdown().seconds.value).toBe(0);
  });

  it("counts whole seconds down to 0 as time passes, then stops its timer", () => {
    const countdown = createCountdown();
    countdown.start(3);
    expect(countdown.seconds.value).toBe(3);
    vi.advanceTimersByTime(1000);
    expect(countdown.seconds.value).toBe(2);
    vi.advanceTimersByTime(2000);
    expect(countdown.seconds.value).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("reads the time from the injected clock", () => {
    let time = 10_000;
    const countdown = createCountdown(() => time);
    countdown.start(60);
    time += 30_500;
    vi.advanceTimersByTime(1000);
    expect(countdown.seconds.value).toBe(30);
  });

  it("a new start replaces the count under way", () => {
    const countdown = createCountdown();
    countdown.start(60);
    vi.advanceTimersByTime(10_000);
    countdown.start(5);
    expect(countdown.seconds.value).toBe(5);
    expect(vi.getTimerCount()).toBe(1);
  });

  it("a wait of 0 or less changes nothing", () => {
    const countdown = createCountdown();
    countdown.start(0);
    expect(vi.getTimerCount()).toBe(0);
    countdown.start(10);
    countdown.start(-1);
    expect(countdown.seconds.value).toBe(10);
  });

  it("dispose stops the timer", () => {
    const countdown = createCountdown();
    countdown.start(10);
    countdown.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });
});
