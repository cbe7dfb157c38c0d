// The floor for any proxy in Node: a bare node:http forwarder that only pipes the request to the
// upstream and the answer back, with keep-alive on both sides. No parsing, no checks, no store.
import { once } from "node:events";
import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { answerParent, childOptions } from "../lib/child.js";

const { upstream } = childOptions<{ upstream: string }>();
const agent = new Agent({ keepAlive: true });
const server = createServer((req, res) => {
  const forwarded = request(new URL(req.url ?? "/", upstream), { method: req.method, headers: req.headers, agent }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  forwarded.on("error", () => res.destroy());
  req.pipe(forwarded);
});
server.listen(0, "127.0.0.1");
await once(server, "listening");
answerParent(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
