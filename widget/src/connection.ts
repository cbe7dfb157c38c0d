/** The browser's view of its connection. A browser without navigator.onLine counts as online. */
export function isBrowserOnline(): boolean {
  return navigator.onLine !== false;
}

/** Calls `listener` whenever the connection comes back; returns the unsubscribe. */
export function onBrowserOnline(listener: () => void): () => void {
  addEventListener("online", listener);
  return () => removeEventListener("online", listener);
}
