import { describe, expect, it } from "vitest";
import { readSseData } from "../../widget/src/sse";
import { byteStream, splitBytes } from "../helpers/widget-fakes";

async function collect(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const data of readSseData(stream)) out.push(data);
  return out;
}

const text = 'data: {"t":"Héllo 👋"}\n\n: a comment\nevent: ignored\ndata: {"t":"two"}\n\ndata: line one\ndata: line two\n\n';
const expected = ['{"t":"Héllo 👋"}', '{"t":"two"}', "line one\nline two"];

describe("readSseData", () => {
  it("yields the data of each event, skipping comments and other fields", async () => {
    expect(await collect(byteStream(splitBytes(text, 1024)))).toEqual(expected);
  });

  it.each([1, 2, 3, 5, 7, 13])("survives chunk boundaries anywhere, even inside a UTF-8 character (every %i bytes)", async (size) => {
    expect(await collect(byteStream(splitBytes(text, size)))).toEqual(expected);
  });

  it("handles CRLF line endings split between chunks", async () => {
    const crlf = text.replaceAll("\n", "\r\n");
    for (const size of [1, 2, 3, 4]) expect(await collect(byteStream(splitBytes(crlf, size)))).toEqual(expected);
  });

  it("handles bare CR line endings", async () => {
    expect(await collect(byteStream(splitBytes(text.replaceAll("\n", "\r"), 3)))).toEqual(expected);
  });

  it("delivers a last event that lacks its blank line", async () => {
    expect(await collect(byteStream(splitBytes("data: a\n\ndata: b", 2)))).toEqual(["a", "b"]);
  });

  it("cancels the body when the reader stops early", async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("data: a\n\n"));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const data of readSseData(stream)) {
      expect(data).toBe("a");
      break;
    }
    expect(cancelled).toBe(true);
  });
});
