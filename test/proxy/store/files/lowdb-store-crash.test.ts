import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { openLowdbStore } from "../../../../proxy/store/files/lowdb-store.js";
import { useTempDirs } from "../../../helpers/temp-dir.js";

const tempDir = useTempDirs("chat-crash-");
const writer = fileURLToPath(new URL("../../../helpers/store-writer-process.ts", import.meta.url));
const root = fileURLToPath(new URL("../../../..", import.meta.url));

describe("lowdb store after kill -9", () => {
  it("keeps every acknowledged message, parses every file and takes over the dead process's lock", async () => {
    const dataDir = await tempDir();
    const child = spawn(process.execPath, ["--import", "tsx", writer, dataDir], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
    let acknowledged = -1;
    for await (const line of createInterface({ input: child.stdout })) {
      acknowledged = Number(line);
      if (acknowledged >= 150) break;
    }
    child.kill("SIGKILL");
    await once(child, "exit");

    const store = await openLowdbStore({ dataDir });
    const saved = new Set<string>();
    for (let session = 0; session < 5; session += 1) {
      for (const message of (await store.readThread(`s${session}`))?.messages ?? []) saved.add(message.content);
    }
    await store.close();
    const missing = Array.from({ length: acknowledged + 1 }, (_, i) => `m${i}`).filter((content) => !saved.has(content));
    expect(missing).toEqual([]);
  });
});
