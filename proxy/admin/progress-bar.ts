// Crawl progress on stderr (stdout stays clean for --json): a bar redrawn in place on a terminal,
// nothing on a pipe or in a log file, where a redrawn line is only noise.
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

const WIDTH = 24;

export function progressBar(stream: ProgressStream, label: string): (done: number, total: number) => void {
  if (!stream.isTTY) return () => undefined;
  return (done, total) => {
    const filled = total === 0 ? WIDTH : Math.round((done / total) * WIDTH);
    stream.write(`\r${label} [${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${done}/${total}`);
    if (done === total) stream.write("\n");
  };
}
