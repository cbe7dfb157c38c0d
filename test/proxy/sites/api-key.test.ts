import { describe, expect, it } from "vitest";
import { apiKeyMatches, generateApiKey, generateSiteId, hashApiKey, isWellFormedApiKey, randomBase62 } from "../../../proxy/sites/api-key.js";

describe("server keys", () => {
  it("are cwk_ followed by 40 base62 characters, different every time", () => {
    const keys = new Set(Array.from({ length: 50 }, generateApiKey));
    expect(keys.size).toBe(50);
    for (const key of keys) {
      expect(key).toMatch(/^cwk_[0-9A-Za-z]{40}$/);
      expect(isWellFormedApiKey(key)).toBe(true);
    }
  });

  it("uses all 62 characters (rejection sampling, not a subset)", () => {
    expect(new Set(randomBase62(20_000)).size).toBe(62);
  });

  it("refuses malformed keys", () => {
    for (const bad of ["", "cwk_", `cwk_${"a".repeat(39)}`, `cwk_${"a".repeat(41)}`, `xyz_${"a".repeat(40)}`, `cwk_${"a".repeat(39)}!`]) {
      expect(isWellFormedApiKey(bad)).toBe(false);
    }
  });

  it("stores a SHA-256 hash that matches only its own key", () => {
    const key = generateApiKey();
    const hash = hashApiKey(key);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(key.slice(4));
    expect(apiKeyMatches(key, hash)).toBe(true);
    expect(apiKeyMatches(generateApiKey(), hash)).toBe(false);
    expect(apiKeyMatches(key, "not-a-hash")).toBe(false);
  });

  it("makes public site ids site_ + 12 base62 characters", () => {
    expect(generateSiteId()).toMatch(/^site_[0-9A-Za-z]{12}$/);
  });
});
