import { describe, expect, it } from "vitest";
import { openSecret, sealSecret, SecretBoxError } from "../../../proxy/sites/secret-box.js";

const masterKey = Buffer.alloc(32, 1);

describe("secret box (AES-256-GCM)", () => {
  it("round-trips a Groq key, and the sealed form does not contain it", () => {
    const sealed = sealSecret("gsk_site_own_key_123", masterKey);
    expect(sealed).not.toContain("gsk_site_own_key_123");
    expect(sealed.startsWith("v1.")).toBe(true);
    expect(openSecret(sealed, masterKey)).toBe("gsk_site_own_key_123");
  });

  it("seals the same secret differently each time (fresh IV)", () => {
    expect(sealSecret("same", masterKey)).not.toBe(sealSecret("same", masterKey));
  });

  it("refuses another master key and a tampered ciphertext", () => {
    const sealed = sealSecret("gsk_secret", masterKey);
    expect(() => openSecret(sealed, Buffer.alloc(32, 2))).toThrow(SecretBoxError);
    const parts = sealed.split(".");
    const flipped = Buffer.from(parts[3]!, "base64url");
    flipped.writeUInt8(flipped.readUInt8(0) ^ 1, 0);
    parts[3] = flipped.toString("base64url");
    expect(() => openSecret(parts.join("."), masterKey)).toThrow(SecretBoxError);
    expect(() => openSecret("garbage", masterKey)).toThrow(SecretBoxError);
  });
});
