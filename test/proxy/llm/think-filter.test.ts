import { describe, expect, it } from "vitest";
import { createThinkFilter, withoutThinking } from "../../../proxy/llm/think-filter.js";

function streamed(pieces: string[]): string {
  const filter = createThinkFilter();
  return pieces.map((piece) => filter.push(piece)).join("") + filter.end();
}

describe("think filter", () => {
  it("passes a reply without thinking unchanged, even with angle brackets in it", () => {
    expect(withoutThinking("Use <b>bold</b> or a < b <thin ice>.")).toBe("Use <b>bold</b> or a < b <thin ice>.");
  });

  it("drops a think block and the blank lines after it", () => {
    expect(withoutThinking("<think>The visitor wants a price.</think>\n\nThe Pro plan costs $12.")).toBe("The Pro plan costs $12.");
  });

  it("drops a think block split across chunks at every possible place", () => {
    const whole = "<think>secret plan</think>\n\nHello there";
    for (let cut = 1; cut < whole.length; cut++) {
      for (let second = cut + 1; second < whole.length; second++) {
        expect(streamed([whole.slice(0, cut), whole.slice(cut, second), whole.slice(second)])).toBe("Hello there");
      }
    }
  });

  it("never shows a piece of thinking before the block closes", () => {
    const filter = createThinkFilter();
    const shown = ["<thi", "nk>sec", "ret</th", "ink>", "Answer"].map((piece) => filter.push(piece));
    expect(shown).toEqual(["", "", "", "", "Answer"]);
  });

  it("holds back a chunk's tail only while it could begin a tag", () => {
    const filter = createThinkFilter();
    expect(filter.push("Hi <")).toBe("Hi ");
    expect(filter.push("3 you")).toBe("<3 you");
    expect(filter.end()).toBe("");
  });

  it("drops an unclosed think block at the end (a cut-off thought is not a reply)", () => {
    expect(streamed(["Sure. ", "<think>and then I should"])).toBe("Sure. ");
  });
});
