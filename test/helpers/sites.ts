// Sites as the admin CLI would store them, with their plain server keys for the test to use.
import { generateApiKey, generateSiteId, hashApiKey } from "../../proxy/sites/api-key.js";
import type { StoredSite } from "../../proxy/sites/site.js";

export interface TestSite {
  stored: StoredSite;
  /** The plain server key, as shown once at creation. */
  key: string;
  /** Headers of a widget on this site. */
  widget: Record<string, string>;
  /** Headers of this site's backend. */
  backend: Record<string, string>;
}

export function testSite(overrides: Partial<StoredSite> = {}): TestSite {
  const key = generateApiKey();
  const stored: StoredSite = {
    id: generateSiteId(),
    name: "test site",
    enabled: true,
    apiKeyHash: hashApiKey(key),
    createdAt: "2030-01-01T00:00:00.000Z",
    ...overrides,
  };
  return { stored, key, widget: { "x-site-id": stored.id }, backend: { "x-api-key": key } };
}

/** A fixed MASTER_KEY for tests (32 bytes). */
export const TEST_MASTER_KEY = Buffer.alloc(32, 7);
