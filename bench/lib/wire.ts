// One HTTP/1.1 exchange on its own connection, counting what crosses the wire: the response's
// body as sent (compressed where it was) and everything else the socket read (status line,
// headers, chunked framing).
import { request } from "node:http";

export interface WireExchange {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  bodyBytes: number;
  overheadBytes: number;
}

export function exchange(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<WireExchange> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? "GET", headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        resolve({
          status: res.statusCode!,
          headers: res.headers,
          body,
          bodyBytes: body.length,
          overheadBytes: res.socket.bytesRead - body.length,
        });
        res.socket.destroy();
      });
    });
    req.on("error", reject);
    req.end(options.body);
  });
}
