import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { DataDirLockedError } from "../../../../proxy/store/files/data-dir-lock.js";
import { openLowdbStore } from "../../../../proxy/store/files/lowdb-store.js";
import { useTempDirs } from "../../../helpers/temp-dir.js";

const tempDir = useTempDirs("chat-lock-");
const children: ReturnType<typeof spawn>[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

const writer = fileURLToPath(new URL("../../../helpers/store-writer-process.ts", import.meta.url));
const root = fileURLToPath(new URL("../../../..", import.meta.url));

function startWriterProcess(dataDir: string) {
  const child = spawn(process.execPath, ["--import", "tsx", writer, dataDir], { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
  children.push(child);
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, exited: once(child, "exit").then(([code]) => ({ code: code as number | null, stderr })) };
}

function startIdleProcess() {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  children.push(child);
  return child;
}

describe("data directory lock", () => {
  it("writes the pid to DATA_DIR/.lock and removes it on close", async () => {
    const dataDir = await tempDir();
    const store = await openLowdbStore({ dataDir });
    expect(await readFile(join(dataDir, ".lock"), "utf8")).toBe(`${process.pid}\n`);
    await store.close();
    await expect(readFile(join(dataDir, ".lock"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("refuses to open a directory this process already has open", async () => {
    const dataDir = await tempDir();
    const store = await openLowdbStore({ dataDir });
    await expect(openLowdbStore({ dataDir })).rejects.toBeInstanceOf(DataDirLockedError);
    await store.close();
    await (await openLowdbStore({ dataDir })).close();
  });

  it("refuses to open while another live process holds the lock, naming it", async () => {
    const dataDir = await tempDir();
    const holder = startIdleProcess();
    await writeFile(join(dataDir, ".lock"), `${holder.pid}\n`);
    const refusal = openLowdbStore({ dataDir });
    await expect(refusal).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(refusal).rejects.toThrow(`DATA_DIR ${dataDir} is in use by process ${holder.pid}`);
    expect(await readFile(join(dataDir, ".lock"), "utf8")).toBe(`${holder.pid}\n`);
  });

  it("takes over the lock of a process that is gone", async () => {
    const dataDir = await tempDir();
    const gone = startIdleProcess();
    gone.kill("SIGKILL");
    await once(gone, "exit");
    await writeFile(join(dataDir, ".lock"), `${gone.pid}\n`);
    const store = await openLowdbStore({ dataDir });
    expect(await readFile(join(dataDir, ".lock"), "utf8")).toBe(`${process.pid}\n`);
    await store.close();
  });

  it("takes over a lock with our own pid that this process does not hold (a restarted container's pid 1)", async () => {
    const dataDir = await tempDir();
    await writeFile(join(dataDir, ".lock"), `${process.pid}\n`);
    const store = await openLowdbStore({ dataDir });
    await store.close();
  });

  it("lets only one of two processes starting at once on the same DATA_DIR open it", async () => {
    const dataDir = await tempDir();
    const [first, second] = [startWriterProcess(dataDir), startWriterProcess(dataDir)];
    const loser = await Promise.race([first.exited, second.exited]);
    expect(loser.code).not.toBe(0);
    expect(loser.stderr).toContain(`DATA_DIR ${dataDir} is in use by process`);
    const winner = first.child.exitCode === null ? first.child : second.child;
    expect(winner.exitCode).toBeNull();
    expect(await readFile(join(dataDir, ".lock"), "utf8")).toBe(`${winner.pid}\n`);
  });
});
