import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openCatalog } from "../../../proxy/llm/catalog-start.js";
import { LISTING_REFRESH_MS, LISTING_RETRY_MS } from "../../../proxy/llm/catalog-refresh.js";
import { createGroqProvider } from "../../../proxy/llm/groq.js";
import { createJsonLogger } from "../../../proxy/log.js";
import { testConfig } from "../../helpers/app.js";
import { startGroqDouble, type GroqDouble } from "../../helpers/groq-double.js";
import { createManualClock } from "../../helpers/manual-clock.js";
import { createManualTimers } from "../../helpers/manual-timers.js";

let groq: GroqDouble;
let logs: string[];
beforeEach(async () => {
  groq = await startGroqDouble();
  logs = [];
});
afterEach(() => groq.close());

async function open() {
  const config = testConfig({ groqBaseUrl: groq.url, chatModel: { ids: [], auto: true } });
  const llm = createGroqProvider({ apiKey: "gsk_refresh_test", baseURL: groq.url, timeoutMs: 2000 });
  const timers = createManualTimers();
  const models = await openCatalog(config, llm, { clock: createManualClock(), logger: createJsonLogger((line) => logs.push(line)), timers });
  return { ...models, timers };
}

/** Fires the waiting refresh and waits until it has asked the listing and scheduled the next. */
async function fire(timers: ReturnType<typeof createManualTimers>) {
  const asked = groq.listings;
  timers.fire();
  await vi.waitFor(() => expect(groq.listings).toBe(asked + 1));
  await vi.waitFor(() => expect(timers.pendingMs()).toBeDefined());
}

describe("catalog refresh", () => {
  it("reads the listing again every hour and takes in what changed", async () => {
    const { catalog, timers, stop } = await open();
    expect(timers.pendingMs()).toBe(LISTING_REFRESH_MS);
    expect(catalog.candidates({ ids: [], auto: true })[0]!.id).toBe("openai/gpt-oss-120b");
    groq.serve(["meta-llama/llama-5-instruct", "openai/gpt-oss-120b"]);
    await fire(timers);
    expect(catalog.candidates({ ids: [], auto: true })[0]!.id).toBe("meta-llama/llama-5-instruct");
    stop();
    expect(timers.pendingMs()).toBeUndefined();
  });

  it("starts on the shipped table when the provider is unreachable, retries every minute, and logs once each way", async () => {
    groq.failListing(503);
    const { catalog, timers } = await open();
    expect(catalog.listed()).toBe(false);
    expect(timers.pendingMs()).toBe(LISTING_RETRY_MS);
    await fire(timers);
    await fire(timers);
    expect(timers.pendingMs()).toBe(LISTING_RETRY_MS);
    expect(logs.filter((line) => line.includes("cannot be read"))).toHaveLength(1);

    groq.failListing(undefined);
    await fire(timers);
    expect(catalog.listed()).toBe(true);
    expect(timers.pendingMs()).toBe(LISTING_REFRESH_MS);
    expect(logs.filter((line) => line.includes("answers again"))).toHaveLength(1);
  });
});
