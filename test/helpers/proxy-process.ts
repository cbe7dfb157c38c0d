// proxy/server.ts as a real process (as `npm start` runs it), for tests of several instances.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterEach } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

export interface ProxyProcess {
  url: string;
  child: ChildProcess;
  stderr(): string;
}

const running: ChildProcess[] = [];

/** Call at the top of a test file: every process a test started is killed after it. */
export function useProxyProcesses(): (env: Record<string, string>) => Promise<ProxyProcess> {
  afterEach(async () => {
    await Promise.all(
      running.splice(0).map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill("SIGKILL");
        await once(child, "exit");
      }),
    );
  });
  return startProxyProcess;
}

/** Resolves with the proxy's URL once it printed its start-up line; rejects with its stderr if it exits first. */
export async function startProxyProcess(env: Record<string, string>): Promise<ProxyProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "proxy/server.ts"], {
    cwd: root,
    env: { PATH: process.env.PATH, PORT: "0", DATA_DIR: mkdtempSync(join(tmpdir(), "proxy-process-")), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(child);
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    lines.once("line", (line) => resolve((JSON.parse(line) as { url: string }).url));
    child.once("exit", (code) => reject(new Error(`proxy exited with ${code} before listening: ${stderr}`)));
  });
  // Keep reading so a chatty process never blocks on a full pipe.
  lines.on("line", () => undefined);
  return { url, child, stderr: () => stderr };
}
