// An AbortSignal for "the visitor went away": 'close' without a finished response. Express
// parses the body before the route starts listening, so a client that sent its body and left at
// once has already closed by then; that counts too. (Not req.destroyed: Node sets it as soon as
// the body has been read.)
import type { ServerResponse } from "node:http";

export function abortOnDisconnect(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  const abort = () => {
    if (!res.writableFinished) controller.abort();
  };
  if (res.destroyed || res.socket === null || res.socket.destroyed) abort();
  else res.on("close", abort);
  return controller.signal;
}
