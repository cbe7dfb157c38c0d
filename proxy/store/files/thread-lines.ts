// A conversation's file as JSON lines, so saving a message appends one line instead of rewriting
// the file. The first line is the thread as a whole, `{sessionId, startedAt, messages}`, exactly
// what the old one-document files held, so those read as a log with nothing appended. Later lines:
//   {role, content, createdAt}          a message added at the end
//   {drop: n}                           the n oldest messages left the thread (trimmed to its budget)
//   {sessionId, startedAt, messages}    the thread replaced as a whole (a new one after its TTL)
// A line is written with its newline in one write, so a crash tears at most the last line, which
// then lacks its newline: it was never acknowledged and is skipped. Anything else that does not
// decode is corruption, and the file is reported, never overwritten.
import { decodeThread, isRecord } from "../data-shapes.js";
import type { StoredMessage, Thread } from "../store.js";

/** What a file holds once read: the thread, and how much of the file is dead weight. */
export interface ThreadLog {
  thread: Thread;
  /** The file's size in bytes: an append first checks that nothing else changed the file. */
  fileSize: number;
  /** Estimated size of the live thread written as one line; fileSize minus this is dead weight. */
  liveSize: number;
  /** Each message's estimated share of liveSize, oldest first. */
  messageSizes: number[];
  /** The file must be rewritten before anything is appended (a torn last line, or no final newline). */
  needsRewrite: boolean;
}

export type LogProblem = { line: number; problem: string };

const HEADER_SIZE = 80;

export function snapshotLine(thread: Thread): string {
  return `${JSON.stringify({ sessionId: thread.sessionId, startedAt: thread.startedAt, messages: thread.messages })}\n`;
}

/** A log holding `thread` as one snapshot line, as written by a rewrite. */
export function freshLog(thread: Thread, fileSize: number): ThreadLog {
  const messageSizes = thread.messages.map(messageSize);
  return { thread, fileSize, liveSize: HEADER_SIZE + sum(messageSizes), messageSizes, needsRewrite: false };
}

/** The lines that turn `current` into `next`, or undefined when only a whole snapshot says it. */
export function changeLines(current: Thread, next: Thread): { text: string; dropped: number } | undefined {
  if (next.sessionId !== current.sessionId || next.startedAt !== current.startedAt || next.messages.length === 0) return undefined;
  const before = current.messages;
  // The update keeps the message objects it does not change, so identity finds what stayed.
  const first = before.indexOf(next.messages[0]!);
  const dropped = first === -1 ? before.length : first;
  const kept = before.length - dropped;
  if (dropped === before.length && before.length > 0) return undefined;
  for (let i = 0; i < kept; i++) if (next.messages[i] !== before[dropped + i]) return undefined;
  let text = dropped > 0 ? `{"drop":${dropped}}\n` : "";
  for (let i = kept; i < next.messages.length; i++) text += `${JSON.stringify(next.messages[i])}\n`;
  return { text, dropped };
}

/** The log after appending a change from changeLines. */
export function applyChange(log: ThreadLog, next: Thread, change: { dropped: number }, appendedBytes: number): ThreadLog {
  const messageSizes = log.messageSizes.slice(change.dropped);
  for (let i = messageSizes.length; i < next.messages.length; i++) messageSizes.push(messageSize(next.messages[i]!));
  return { thread: next, fileSize: log.fileSize + appendedBytes, liveSize: HEADER_SIZE + sum(messageSizes), messageSizes, needsRewrite: false };
}

/** Replays a file's text; a LogProblem names the first bad line that is not a torn last line. */
export function readLog(text: string, fileSize: number): ThreadLog | LogProblem {
  const lines = text.split("\n");
  // A file ending in a newline splits into a last empty string; otherwise its last line is torn
  // (or it is an old one-document file, which never had a newline).
  const endsWithNewline = lines.at(-1) === "";
  if (endsWithNewline) lines.pop();
  let sessionId: string | undefined;
  let startedAt = "";
  let messages: StoredMessage[] = [];
  let messageSizes: number[] = [];
  let skippedTail = false;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const problem = replayLine(line);
    if (problem === undefined) continue;
    // The first line was written whole (temp file + rename), so it is never torn.
    if (!endsWithNewline && index === lines.length - 1 && index > 0) {
      skippedTail = true;
      break;
    }
    return { line: index + 1, problem };
  }
  if (sessionId === undefined) return { line: 1, problem: "does not have the expected shape" };
  const thread = { sessionId, startedAt, messages };
  return { thread, fileSize, liveSize: HEADER_SIZE + sum(messageSizes), messageSizes, needsRewrite: !endsWithNewline || skippedTail };

  // Applies one line to the thread being rebuilt; says what is wrong with it otherwise.
  function replayLine(line: string): string | undefined {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      return `is not valid JSON (${(error as Error).message})`;
    }
    if (!isRecord(value)) return "does not have the expected shape";
    if ("messages" in value) {
      const whole = decodeThread(value);
      if (!whole || (sessionId !== undefined && whole.sessionId !== sessionId)) return "does not have the expected shape";
      ({ sessionId, startedAt, messages } = whole);
      messageSizes = messages.map(messageSize);
      return undefined;
    }
    if (sessionId === undefined) return "does not have the expected shape";
    if ("drop" in value) {
      const { drop } = value;
      if (typeof drop !== "number" || !Number.isSafeInteger(drop) || drop < 1 || drop > messages.length) return "does not have the expected shape";
      messages = messages.slice(drop);
      messageSizes = messageSizes.slice(drop);
      return undefined;
    }
    const message = decodeThread({ sessionId, startedAt, messages: [value] })?.messages[0];
    if (!message) return "does not have the expected shape";
    messages.push({ role: message.role, content: message.content, createdAt: message.createdAt });
    messageSizes.push(line.length + 1);
    return undefined;
  }
}

function messageSize(message: StoredMessage): number {
  // role, createdAt and the JSON punctuation take about 70 characters.
  return message.content.length + 70;
}

function sum(values: number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
