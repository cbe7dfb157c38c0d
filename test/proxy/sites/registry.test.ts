import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { openSiteRegistry } from "../../../proxy/sites/registry.js";
import { SitesConfigError } from "../../../proxy/sites/resolve-site.js";
import { sealSecret } from "../../../proxy/sites/secret-box.js";
import type { StoredSite } from "../../../proxy/sites/site.js";
import { StoreUnavailableError } from "../../../proxy/errors.js";
import { DataFileError } from "../../../proxy/store/files/data-file.js";
import { openSitesFile } from "../../../proxy/store/files/sites-file.js";
import { testConfig } from "../../helpers/app.js";
import { testSite, TEST_MASTER_KEY } from "../../helpers/sites.js";
import { useTempDirs } from "../../helpers/temp-dir.js";

const tempDir = useTempDirs("sites-registry-");
const writeSites = (dataDir: string, sites: StoredSite[]) => writeFile(join(dataDir, "sites.json"), JSON.stringify({ sites }));

afterEach(() => {
  vi.useRealTimers();
});

describe("site registry", () => {
  it("without sites.json serves only the environment's default site, as configured", async () => {
    const config = testConfig({ dailyQuota: 7, allowedOrigins: ["https://env.example"] });
    const registry = await openSiteRegistry({ config, store: openSitesFile(await tempDir()), pollIntervalMs: 0 });
    expect(registry.all().map((site) => site.id)).toEqual(["default"]);
    expect(registry.find("default")).toMatchObject({ enabled: true, dailyQuota: 7, allowedOrigins: ["https://env.example"] });
  });

  it("gives a site the environment's settings for what it leaves out, and its own for the rest", async () => {
    const dataDir = await tempDir();
    const { stored } = testSite({ dailyQuota: 3, model: "llama-3.1-8b-instant", allowedOrigins: ["https://shop.example"] });
    await writeSites(dataDir, [stored]);
    const config = testConfig({ visitorDailyQuota: 9, rateLimitPerMinute: 4 });
    const site = (await openSiteRegistry({ config, store: openSitesFile(dataDir), pollIntervalMs: 0 })).find(stored.id)!;
    expect(site).toMatchObject({ dailyQuota: 3, visitorDailyQuota: 9, rateLimitPerMinute: 4, allowedOrigins: ["https://shop.example"] });
    expect(site.models).toEqual([{ ids: ["llama-3.1-8b-instant"], auto: false }, config.chatModel]);
    expect(site.systemPrompt).toBe(config.systemPrompt);
  });

  it("finds a site by its server key", async () => {
    const dataDir = await tempDir();
    const one = testSite();
    const two = testSite();
    await writeSites(dataDir, [one.stored, two.stored]);
    const registry = await openSiteRegistry({ config: testConfig(), store: openSitesFile(dataDir), pollIntervalMs: 0 });
    expect(registry.findByKey(two.key)?.id).toBe(two.stored.id);
    expect(registry.findByKey(testSite().key)).toBeUndefined();
  });

  it("picks up a changed sites.json on its next poll, without a restart", async () => {
    vi.useFakeTimers();
    const dataDir = await tempDir();
    const { stored } = testSite();
    await writeSites(dataDir, [stored]);
    const registry = await openSiteRegistry({ config: testConfig(), store: openSitesFile(dataDir), pollIntervalMs: 1000 });
    await writeSites(dataDir, [{ ...stored, enabled: false, name: "renamed" }]);
    await vi.advanceTimersByTimeAsync(1000);
    await vi.waitFor(() => expect(registry.find(stored.id)?.enabled).toBe(false));
    registry.stop();
  });

  it("keeps the last sites while the store is down, says so once, and reads the change it missed when it is back", async () => {
    const dataDir = await tempDir();
    const { stored } = testSite();
    await writeSites(dataDir, [stored]);
    const files = openSitesFile(dataDir);
    let down = false;
    const unavailable = () => Promise.reject(new StoreUnavailableError(new Error("database restarting")));
    const store = { ...files, version: () => (down ? unavailable() : files.version()), read: () => (down ? unavailable() : files.read()) };
    const registry = await openSiteRegistry({ config: testConfig(), store, pollIntervalMs: 0 });
    down = true;
    await writeSites(dataDir, [{ ...stored, enabled: false }]);
    await expect(registry.refresh()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(registry.refresh()).resolves.toBeUndefined();
    expect(registry.find(stored.id)?.enabled).toBe(true);
    down = false;
    await registry.refresh();
    expect(registry.find(stored.id)?.enabled).toBe(false);
  });

  it("keeps the last good sites when sites.json stops decoding, says so once, and recovers when it is fixed", async () => {
    const dataDir = await tempDir();
    const { stored } = testSite();
    await writeSites(dataDir, [stored]);
    const registry = await openSiteRegistry({ config: testConfig(), store: openSitesFile(dataDir), pollIntervalMs: 0 });
    await writeFile(join(dataDir, "sites.json"), "{ not json");
    await expect(registry.refresh()).rejects.toThrow(DataFileError);
    expect(registry.find(stored.id)?.enabled).toBe(true);
    // Reported once: the same broken file is not read again at every poll.
    await expect(registry.refresh()).resolves.toBeUndefined();
    await writeSites(dataDir, [{ ...stored, enabled: false }]);
    await registry.refresh();
    expect(registry.find(stored.id)?.enabled).toBe(false);
  });

  it("refuses to start when a site has a sealed Groq key and MASTER_KEY is unset or another", async () => {
    const dataDir = await tempDir();
    const { stored } = testSite({ groqKey: sealSecret("gsk_own", TEST_MASTER_KEY) });
    await writeSites(dataDir, [stored]);
    await expect(openSiteRegistry({ config: testConfig(), store: openSitesFile(dataDir), pollIntervalMs: 0 })).rejects.toThrow(SitesConfigError);
    await expect(openSiteRegistry({ config: testConfig(), store: openSitesFile(dataDir), pollIntervalMs: 0 })).rejects.toThrow(/^MASTER_KEY: required/);
    const other = testConfig({ masterKey: Buffer.alloc(32, 9) });
    await expect(openSiteRegistry({ config: other, store: openSitesFile(dataDir), pollIntervalMs: 0 })).rejects.toThrow(/^MASTER_KEY: does not open/);
    const right = await openSiteRegistry({ config: testConfig({ masterKey: TEST_MASTER_KEY }), store: openSitesFile(dataDir), pollIntervalMs: 0 });
    expect(right.find(stored.id)?.groqKey).toBe("gsk_own");
  });
});
