// Benchmarked servers run in child processes, so the CPU time and memory a suite reads are theirs
// alone, not autocannon's or the Groq double's. A child reports its URL once listening and answers
// the parent's questions about its own process over IPC.
import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";

type Question = { type: "cpu" } | { type: "memory" } | { type: "command"; command: unknown };
type Answer = { type: "ready"; url: string } | { type: "answer"; value: unknown };

export interface BenchChild {
  url: string;
  /** process.cpuUsage() of the child, in microseconds. */
  cpuUsage(): Promise<NodeJS.CpuUsage>;
  /** process.memoryUsage() of the child after a full garbage collection. */
  memoryUsage(): Promise<NodeJS.MemoryUsage>;
  /** Passes a script-specific command (e.g. a new reply for the Groq double). */
  command(command: unknown): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `script` (a .ts file, run through tsx) with `options` and waits until it listens. */
export async function startChild(script: URL, options: object): Promise<BenchChild> {
  const child = fork(script, {
    execArgv: ["--import", "tsx", "--expose-gc"],
    env: { ...process.env, BENCH_CHILD_OPTIONS: JSON.stringify(options) },
    // Servers log a line per request; that cost stays in the child, the text goes nowhere.
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const exited = once(child, "exit").then(([code]) => Promise.reject(new Error(`${script.pathname} exited with ${String(code)}`)));
  exited.catch(() => undefined);
  const ready = (await Promise.race([nextAnswer(child), exited])) as Extract<Answer, { type: "ready" }>;

  const ask = async (question: Question): Promise<unknown> => {
    const answered = nextAnswer(child);
    child.send(question);
    return ((await Promise.race([answered, exited])) as Extract<Answer, { type: "answer" }>).value;
  };
  return {
    url: ready.url,
    cpuUsage: () => ask({ type: "cpu" }) as Promise<NodeJS.CpuUsage>,
    memoryUsage: () => ask({ type: "memory" }) as Promise<NodeJS.MemoryUsage>,
    command: async (command) => void (await ask({ type: "command", command })),
    async stop() {
      if (child.exitCode !== null) return;
      const gone = once(child, "exit");
      child.kill("SIGTERM");
      await gone;
    },
  };
}

function nextAnswer(child: ChildProcess): Promise<Answer> {
  return once(child, "message").then(([message]) => message as Answer);
}

/** In the child: its options, as the parent passed them. */
export function childOptions<T>(): T {
  const text = process.env.BENCH_CHILD_OPTIONS;
  if (text === undefined) throw new Error("run this file through bench/lib/child.ts startChild()");
  return JSON.parse(text) as T;
}

/** In the child: tells the parent it listens at `url`, then answers its questions. */
export function answerParent(url: string, onCommand: (command: unknown) => void = () => undefined): void {
  const send = (answer: Answer) => process.send?.(answer);
  process.on("message", (question: Question) => {
    if (question.type === "cpu") return send({ type: "answer", value: process.cpuUsage() });
    if (question.type === "memory") {
      // --expose-gc: RSS after a full collection is what stays, not garbage awaiting the next one.
      globalThis.gc?.();
      return send({ type: "answer", value: process.memoryUsage() });
    }
    onCommand(question.command);
    send({ type: "answer", value: null });
  });
  process.on("SIGTERM", () => process.exit(0));
  send({ type: "ready", url });
}
