import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const css = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), "../../widget/src/styles/panel.css"), "utf8");

/** The declarations in the block that `opening` (a selector, or an at-rule and a selector, up to `{`) opens. */
function declarations(opening: string): string[] {
  const start = css.indexOf(opening);
  expect(start, opening).toBeGreaterThanOrEqual(0);
  const body = css.slice(start + opening.length, css.indexOf("}", start));
  return body
    .split(";")
    .map((declaration) => declaration.trim())
    .filter(Boolean);
}

describe("panel.css", () => {
  it("gives data-theme=auto on a dark system the same palette as data-theme=dark", () => {
    const dark = declarations('.cw[data-theme="dark"] {');
    expect(dark.length).toBeGreaterThan(10);
    expect(declarations('@media (prefers-color-scheme: dark) {\n  .cw[data-theme="auto"] {')).toEqual(dark);
  });
});
