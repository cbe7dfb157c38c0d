import { describe, expect, it } from "vitest";
import { createCoalescingSaver } from "../../proxy/coalescing-saver.js";
import { deferred } from "../helpers/deferred.js";

describe("coalescing saver", () => {
  it("saves a burst of changes of the same tick with one write", async () => {
    let state = 0;
    const saved: number[] = [];
    const saver = createCoalescingSaver(async () => void saved.push(state));
    for (let i = 1; i <= 50; i += 1) {
      state = i;
      saver.changed();
    }
    await saver.flush();
    expect(saved).toEqual([50]);
  });

  it("writes once more with the latest state when changes arrive during a write", async () => {
    let state = 0;
    const saved: number[] = [];
    const gate = deferred();
    const saver = createCoalescingSaver(async () => {
      const value = state;
      if (saved.length === 0) await gate.promise;
      saved.push(value);
    });
    state = 1;
    saver.changed();
    await Promise.resolve();
    await Promise.resolve();
    for (let i = 2; i <= 10; i += 1) {
      state = i;
      saver.changed();
    }
    gate.resolve();
    await saver.flush();
    expect(saved).toEqual([1, 10]);
  });

  it("resolves flush() without a write when nothing changed", async () => {
    let writes = 0;
    const saver = createCoalescingSaver(async () => void (writes += 1));
    await saver.flush();
    expect(writes).toBe(0);
  });

  it("rejects flush() with the save's error, and saves once a later flush succeeds", async () => {
    let failing = true;
    let writes = 0;
    const saver = createCoalescingSaver(async () => {
      if (failing) throw new Error("disk full");
      writes += 1;
    });
    saver.changed();
    await expect(saver.flush()).rejects.toThrow("disk full");
    failing = false;
    await saver.flush();
    expect(writes).toBe(1);
  });
});
