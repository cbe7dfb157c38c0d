import type { Figure } from "./result.js";

function formatValue(value: number, unit: string): string {
  const rounded = Number.isInteger(value) ? value.toLocaleString("en-US") : value.toFixed(2);
  return `${rounded} ${unit}`.trim();
}

/** A Markdown table, so the same text goes to the terminal and into README's "Performance". */
export function renderTable(figures: readonly Figure[]): string {
  const rows = figures.map((figure) => [
    figure.suite,
    figure.name,
    formatValue(figure.value, figure.unit),
    figure.baseline ? `${figure.baseline.name}: ${formatValue(figure.baseline.value, figure.unit)}` : "",
    [figure.spread, figure.note].filter(Boolean).join("; "),
    figure.target ? `${figure.target.met ? "✅" : "❌"} ${figure.target.text}` : "",
  ]);
  const header = ["suite", "figure", "value", "baseline (same run)", "spread, notes", "target"];
  const lines = [header, header.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`);
  return lines.join("\n");
}
