// Reading and writing one JSON data file. Writes go through lowdb's TextFile (steno: temp file +
// rename), so a crash never leaves a half-written file. A file that does not parse, or has the
// wrong shape, is reported with its path and never written over: it may be the only copy of a
// conversation, and an operator should decide what to do with it.
import { TextFile } from "lowdb/node";

export class DataFileError extends Error {
  constructor(readonly file: string, problem: string, options?: { cause?: unknown }) {
    super(`Data file ${file} ${problem}; the proxy will not overwrite it. Repair it or move it out of DATA_DIR.`, options);
    this.name = "DataFileError";
  }
}

/** undefined when the file does not exist; DataFileError when it cannot be read or parsed. */
export async function readDataFile<T>(file: string, decode: (value: unknown) => T | undefined): Promise<T | undefined> {
  let text: string | null;
  try {
    text = await new TextFile(file).read();
  } catch (error) {
    throw new DataFileError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
  if (text === null) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DataFileError(file, `is not valid JSON (${(error as Error).message})`, { cause: error });
  }
  const decoded = decode(value);
  if (decoded === undefined) throw new DataFileError(file, "does not have the expected shape");
  return decoded;
}

export function writeDataFile(writer: TextFile, value: unknown): Promise<void> {
  return writer.write(JSON.stringify(value));
}
