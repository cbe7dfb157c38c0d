import type { KeyValueStorage } from "./storage";

export const SESSION_KEY = "chat-widget:session";
const VALID_ID = /^[A-Za-z0-9_-]{1,255}$/;

export interface Session {
  /** The current id, or null until one is needed (the panel's first open asks for it). */
  current(): string | null;
  /** The current id, created (and stored) on first use. */
  ensure(): string;
  /** Forgets the old conversation: a new id, stored. */
  renew(): string;
}

export function createSession(storage: KeyValueStorage, newId: () => string = randomId): Session {
  const stored = storage.get(SESSION_KEY);
  let id = stored && VALID_ID.test(stored) ? stored : null;
  const renew = () => {
    id = newId();
    storage.set(SESSION_KEY, id);
    return id;
  };
  return { current: () => id, ensure: () => id ?? renew(), renew };
}

/** crypto.randomUUID needs a secure context (https or localhost); getRandomValues does not. */
export function randomId(): string {
  if (typeof crypto !== "undefined") {
    if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
    if (typeof crypto.getRandomValues === "function") {
      return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("");
    }
  }
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}
