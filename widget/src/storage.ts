export interface KeyValueStorage {
  get(key: string): string | null;
  set(key: string, value: string): void;
}

/**
 * localStorage when the browser allows it, otherwise memory for the page's lifetime. Safari's
 * private mode and sandboxed iframes throw on access (even on reading `window.localStorage`),
 * so every call is guarded and a failure moves the widget to memory for good.
 */
export function createStorage(getBacking: () => Storage = () => window.localStorage): KeyValueStorage {
  const memory = new Map<string, string>();
  let backing: Storage | null = null;
  try {
    backing = getBacking();
  } catch {
    backing = null;
  }

  const attempt = <T>(use: (storage: Storage) => T, fallback: () => T): T => {
    if (backing) {
      try {
        return use(backing);
      } catch {
        // Copy nothing back: what localStorage held is unreadable now anyway.
        backing = null;
      }
    }
    return fallback();
  };

  return {
    get: (key) => attempt((storage) => storage.getItem(key), () => memory.get(key) ?? null),
    set: (key, value) => attempt((storage) => storage.setItem(key, value), () => void memory.set(key, value)),
  };
}
