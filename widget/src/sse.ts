/**
 * Yields the `data` of each server-sent event in a fetch body. We read the stream ourselves
 * (EventSource can neither POST nor send headers). Network chunks split lines, events and even
 * UTF-8 characters anywhere, so bytes are decoded in streaming mode and lines are buffered until
 * their end is seen; a lone "\r" at the end of a chunk waits in case "\n" follows.
 */
export async function* readSseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string, void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let data: string[] = [];
  let finished = false;

  const takeLine = (): string | null => {
    const end = buffer.search(/[\r\n]/);
    if (end === -1) return null;
    if (buffer[end] === "\r" && end === buffer.length - 1 && !finished) return null;
    const width = buffer.startsWith("\r\n", end) ? 2 : 1;
    const line = buffer.slice(0, end);
    buffer = buffer.slice(end + width);
    return line;
  };

  try {
    while (!finished) {
      const { done, value } = await reader.read();
      finished = done;
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      // A final line without its newline still counts: the stream is over.
      if (finished && buffer !== "") buffer += "\n";
      for (let line = takeLine(); line !== null; line = takeLine()) {
        if (line === "") {
          if (data.length > 0) yield data.join("\n");
          data = [];
          continue;
        }
        if (line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon === -1 ? line : line.slice(0, colon);
        if (field !== "data") continue;
        const value = colon === -1 ? "" : line.slice(colon + 1);
        data.push(value.startsWith(" ") ? value.slice(1) : value);
      }
    }
    if (data.length > 0) yield data.join("\n");
  } finally {
    // Reached early when the consumer stops reading (finish event, Stop): free the connection.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
