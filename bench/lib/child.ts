// Helper servers (the Groq double, the bare forwarder) run in child processes through tsx, so
// their CPU time never lands in the process that is measured. A child reports its URL once
// listening and takes commands from the parent over IPC.
import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { processCpuMs } from "./proxy-process.js";

type Message = { type: "ready"; url: string } | { type: "done" };

export interface BenchChild {
  url: string;
  /** Passes a script-specific command (e.g. a new reply for the Groq double); resolves once applied. */
  command(command: object): Promise<void>;
  /** The child's CPU time so far, ms (Linux /proc). */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts `script` (a .ts file) with `options` and waits until it listens. */
export async function startChild(script: URL, options: object): Promise<BenchChild> {
  const child = fork(script, {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, BENCH_CHILD_OPTIONS: JSON.stringify(options) },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const exited = once(child, "exit").then(([code]) => Promise.reject(new Error(`${script.pathname} exited with ${String(code)}`)));
  exited.catch(() => undefined);
  const ready = (await Promise.race([nextMessage(child), exited])) as Extract<Message, { type: "ready" }>;
  return {
    url: ready.url,
    cpuMs: () => processCpuMs(child.pid!),
    async command(command) {
      const done = nextMessage(child);
      child.send(command);
      await Promise.race([done, exited]);
    },
    async stop() {
      if (child.exitCode !== null) return;
      const gone = once(child, "exit");
      child.kill("SIGTERM");
      await gone;
    },
  };
}

function nextMessage(child: ChildProcess): Promise<Message> {
  return once(child, "message").then(([message]) => message as Message);
}

/** In the child: its options, as the parent passed them. */
export function childOptions<T>(): T {
  const text = process.env.BENCH_CHILD_OPTIONS;
  if (text === undefined) throw new Error("run this file through bench/lib/child.ts startChild()");
  return JSON.parse(text) as T;
}

/** In the child: tells the parent it listens at `url`, then applies its commands. */
export function answerParent(url: string, onCommand: (command: unknown) => void = () => undefined): void {
  const send = (message: Message) => process.send?.(message);
  process.on("message", (command: unknown) => {
    onCommand(command);
    send({ type: "done" });
  });
  process.on("SIGTERM", () => process.exit(0));
  send({ type: "ready", url });
}
