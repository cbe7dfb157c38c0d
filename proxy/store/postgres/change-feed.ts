// LISTEN on one dedicated connection (a pooled one would be handed to other work), started by
// the first subscriber. A lost connection is opened again after a pause, and subscribers are
// called then too, since a change may have passed unheard; the registry's poll covers the rest.
import pg from "pg";

export interface ChangeFeed {
  subscribe(listener: () => void): () => void;
  close(): Promise<void>;
}

const RECONNECT_MS = 1000;

export function createChangeFeed(url: string, channel: string): ChangeFeed {
  const listeners = new Set<() => void>();
  let client: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const notify = () => {
    for (const listener of listeners) listener();
  };

  function scheduleReconnect(): void {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, RECONNECT_MS);
    timer.unref();
  }

  async function connect(): Promise<void> {
    if (closed || listeners.size === 0) return;
    const next = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000, keepAlive: true, application_name: "chat-widget-feed" });
    const lost = () => {
      if (client === next) client = undefined;
      void next.end().catch(() => undefined);
      scheduleReconnect();
    };
    next.on("error", lost);
    next.on("end", lost);
    next.on("notification", notify);
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
    } catch {
      lost();
      return;
    }
    if (closed) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
    notify();
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      if (!client && !timer && listeners.size === 1) void connect();
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      await client?.end().catch(() => undefined);
      client = undefined;
    },
  };
}
