// An error answer whose request was still paid for: the model had answered, only saving its
// reply failed. Such an answer keeps its minute count and is not counted as a refusal.
import type { Response } from "express";

const spent = new WeakSet<Response>();

export function markSpent(res: Response): void {
  spent.add(res);
}

export function wasSpent(res: Response): boolean {
  return spent.has(res);
}
