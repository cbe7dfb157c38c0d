import { describe, expect, it } from "vitest";
import { createSession, randomId, SESSION_KEY } from "../../widget/src/session";
import { createStorage } from "../../widget/src/storage";

function throwingStorage(): Storage {
  const fail = () => {
    throw new DOMException("The operation is insecure.", "SecurityError");
  };
  return { getItem: fail, setItem: fail, removeItem: fail, clear: fail, key: fail, length: 0 } as Storage;
}

describe("storage", () => {
  it("uses localStorage when it works", () => {
    localStorage.clear();
    createStorage().set("k", "v");
    expect(localStorage.getItem("k")).toBe("v");
  });

  it("falls back to memory when even reading window.localStorage throws (Safari private mode, sandboxed iframes)", () => {
    const storage = createStorage(() => {
      throw new DOMException("denied", "SecurityError");
    });
    storage.set("k", "v");
    expect(storage.get("k")).toBe("v");
    expect(storage.get("other")).toBeNull();
  });

  it("falls back to memory when localStorage calls throw", () => {
    const storage = createStorage(throwingStorage);
    storage.set("k", "v");
    expect(storage.get("k")).toBe("v");
  });
});

describe("session", () => {
  it("has no id before the first message, then creates one and keeps it under chat-widget:session", () => {
    localStorage.clear();
    const session = createSession(createStorage(), () => "id-1");
    expect(session.current()).toBeNull();
    expect(session.ensure()).toBe("id-1");
    expect(session.ensure()).toBe("id-1");
    expect(localStorage.getItem(SESSION_KEY)).toBe("id-1");
  });

  it("picks up the stored id on the next page", () => {
    localStorage.setItem(SESSION_KEY, "kept-id");
    expect(createSession(createStorage()).current()).toBe("kept-id");
  });

  it("ignores a stored id the proxy would reject", () => {
    localStorage.setItem(SESSION_KEY, "not valid!");
    expect(createSession(createStorage()).current()).toBeNull();
  });

  it("renew() replaces the id for a new conversation", () => {
    let n = 0;
    const session = createSession(createStorage(), () => `id-${++n}`);
    session.ensure();
    expect(session.renew()).toBe("id-2");
    expect(localStorage.getItem(SESSION_KEY)).toBe("id-2");
  });

  it("makes ids the proxy accepts, with or without crypto.randomUUID", () => {
    expect(randomId()).toMatch(/^[A-Za-z0-9_-]{1,255}$/);
    const original = crypto.randomUUID;
    try {
      Object.defineProperty(crypto, "randomUUID", { value: undefined, configurable: true });
      expect(randomId()).toMatch(/^[0-9a-f]{32}$/);
    } finally {
      Object.defineProperty(crypto, "randomUUID", { value: original, configurable: true });
    }
  });
});
