/** True when `error` is a Node system error with this code (`ENOENT`, `EEXIST` …). */
export function isCode(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
