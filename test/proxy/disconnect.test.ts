import { once } from "node:events";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { abortOnDisconnect } from "../../proxy/http/disconnect.js";

let close: (() => void) | undefined;
afterEach(() => close?.());

/** A server whose first response is handed to the test once its body was read, or once it closed when the client leaves. */
async function firstResponse(leave: boolean): Promise<ServerResponse> {
  const server = createServer();
  const client = new Socket();
  close = () => (client.destroy(), server.close());
  const ready = new Promise<ServerResponse>((resolve) => {
    server.once("request", (req, res: ServerResponse) => {
      req.resume();
      if (leave) res.once("close", () => resolve(res));
      else req.once("end", () => resolve(res));
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  client.connect((server.address() as AddressInfo).port, "127.0.0.1");
  client.on("error", () => undefined);
  const request = "POST /api/chat HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n\r\nhello";
  client.write(request, () => {
    if (leave) client.destroy();
  });
  return ready;
}

describe("abortOnDisconnect", () => {
  it("is aborted at once when the client left before it was created", async () => {
    const res = await firstResponse(true);
    expect(abortOnDisconnect(res).aborted).toBe(true);
  });

  it("aborts when the client leaves later, and not before", async () => {
    const res = await firstResponse(false);
    const signal = abortOnDisconnect(res);
    expect(signal.aborted).toBe(false);
    res.socket!.destroy();
    await once(signal, "abort");
    expect(signal.aborted).toBe(true);
  });
});
