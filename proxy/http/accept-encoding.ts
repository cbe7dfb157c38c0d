// Which of the encodings we have the client takes, from its Accept-Encoding (RFC 9110 §12.5.3):
// brotli before gzip before none, a coding with q=0 never, `*` standing for codings not named.
import type { Encoding } from "./widget-files.js";

const PREFERENCE: readonly Encoding[] = ["br", "gzip", "identity"];

export function negotiateEncoding(header: string | undefined, available: readonly Encoding[]): Encoding {
  const weights = parse(header ?? "");
  const weight = (encoding: Encoding): number => {
    const named = weights.get(encoding) ?? (encoding === "gzip" ? weights.get("x-gzip") : undefined);
    if (named !== undefined) return named;
    const any = weights.get("*");
    if (any !== undefined) return any;
    // Unlisted identity is always acceptable; an unlisted compression never is.
    return encoding === "identity" ? 1 : 0;
  };
  // Identity is the answer of last resort even when refused: there is nothing else to send.
  return PREFERENCE.find((encoding) => available.includes(encoding) && weight(encoding) > 0) ?? "identity";
}

function parse(header: string): Map<string, number> {
  const weights = new Map<string, number>();
  for (const part of header.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const q = params.map((param) => param.trim()).find((param) => param.startsWith("q="));
    const value = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name, Number.isFinite(value) ? value : 0);
  }
  return weights;
}
