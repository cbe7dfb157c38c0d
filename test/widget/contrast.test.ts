import { describe, expect, it } from "vitest";
import { contrastRatio, textColourOn } from "../../widget/src/contrast";

describe("textColourOn", () => {
  it("puts white on a dark accent and black on a light one", () => {
    expect(textColourOn("#2563eb")).toBe("#ffffff");
    expect(textColourOn("#fde047")).toBe("#000000");
  });

  it("always reaches 4.5:1 whatever accent the site owner picks", () => {
    for (let grey = 0; grey <= 255; grey += 5) {
      for (const hex of [[grey, 0, 0], [0, grey, 0], [0, 0, grey], [grey, grey, grey], [255, grey, 0]]) {
        const accent = `#${hex.map((channel) => channel.toString(16).padStart(2, "0")).join("")}`;
        expect(contrastRatio(accent, textColourOn(accent)), accent).toBeGreaterThanOrEqual(4.5);
      }
    }
  });
});
