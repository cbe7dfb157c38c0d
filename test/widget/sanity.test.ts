import { describe, expect, it } from "vitest";

describe("test harness", () => {
  it("runs widget tests in a DOM environment", () => {
    expect(typeof document.createElement).toBe("function");
  });
});
