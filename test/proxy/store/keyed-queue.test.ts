import { describe, expect, it } from "vitest";
import { createKeyedQueue } from "../../../proxy/store/keyed-queue.js";
import { deferred } from "../../helpers/deferred.js";

describe("keyed queue", () => {
  it("runs tasks of one key one after another, in order, even after a failure", async () => {
    const queue = createKeyedQueue();
    const gate = deferred();
    const order: string[] = [];
    const first = queue.run("s", async () => {
      await gate.promise;
      order.push("first");
      throw new Error("first failed");
    });
    const second = queue.run("s", async () => order.push("second"));
    gate.resolve();
    await expect(first).rejects.toThrow("first failed");
    await second;
    expect(order).toEqual(["first", "second"]);
  });

  it("does not make one key wait for another", async () => {
    const queue = createKeyedQueue();
    const gate = deferred();
    const blocked = queue.run("a", () => gate.promise);
    await expect(queue.run("b", async () => "done")).resolves.toBe("done");
    gate.resolve();
    await blocked;
  });

  it("idle() resolves once every queued task has settled", async () => {
    const queue = createKeyedQueue();
    const gate = deferred();
    let finished = false;
    void queue.run("a", async () => {
      await gate.promise;
      finished = true;
    });
    const idle = queue.idle();
    gate.resolve();
    await idle;
    expect(finished).toBe(true);
  });
});
