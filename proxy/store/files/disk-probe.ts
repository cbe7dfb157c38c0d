// Readiness needs more than "the process is up": a full or read-only disk only shows when
// something is written. A small probe file per data folder is written, read back and removed.
// Each check has its own file: concurrent checks sharing one read each other's token and
// reported a working store as down.
import { randomUUID } from "node:crypto";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

export async function probeDisk(dirs: readonly string[]): Promise<void> {
  const token = randomUUID();
  for (const dir of dirs) {
    const probe = join(dir, `.health-probe-${token}`);
    try {
      await writeFile(probe, token);
      if ((await readFile(probe, "utf8")) !== token) throw new Error(`${probe} did not read back what was written`);
    } finally {
      await rm(probe, { force: true });
    }
  }
}
