import { render } from "preact";
import { describe, expect, it } from "vitest";

describe("test harness", () => {
  it("renders preact JSX in a DOM environment", () => {
    const root = document.createElement("div");
    render(<p>hello</p>, root);
    expect(root.innerHTML).toBe("<p>hello</p>");
  });
});
