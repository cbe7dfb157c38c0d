// DATA_DIR/install-secret: 32 random bytes made on first start, from which each day's visitor-key
// secret derives (visitor-key.ts). Readable by the owner only; losing it only means today's
// per-visitor counts start again.
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DataFileError } from "./data-file.js";
import { isCode } from "./fs-errors.js";

export async function readInstallSecret(dataDir: string): Promise<Buffer> {
  const file = join(dataDir, "install-secret");
  try {
    await writeFile(file, randomBytes(32).toString("base64"), { flag: "wx", mode: 0o600 });
  } catch (error) {
    if (!isCode(error, "EEXIST")) throw error;
  }
  const secret = Buffer.from((await readFile(file, "utf8")).trim(), "base64");
  if (secret.length !== 32) throw new DataFileError(file, "does not hold 32 bytes in base64");
  return secret;
}
