/** A problem the person at the terminal can fix: printed as one line, exit code 1 (2 for bad arguments). */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: 1 | 2 = 1) {
    super(message);
    this.name = "CliError";
  }
}
