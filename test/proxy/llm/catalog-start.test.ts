import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../../proxy/config-error.js";
import { createModelCatalog } from "../../../proxy/llm/catalog.js";
import { readCatalogAtStart } from "../../../proxy/llm/catalog-start.js";
import { createGroqProvider } from "../../../proxy/llm/groq.js";
import { shippedGroqModels } from "../../../proxy/llm/model-info.js";
import type { ModelPreference } from "../../../proxy/llm/model-preference.js";
import { startGroqDouble, type GroqDouble } from "../../helpers/groq-double.js";
import { createManualClock } from "../../helpers/manual-clock.js";

const KEY = "gsk_start_test_secret_key";
let groq: GroqDouble;
beforeEach(async () => {
  groq = await startGroqDouble();
});
afterEach(() => groq.close());

function readAtStart(preference: ModelPreference) {
  const provider = createGroqProvider({ apiKey: KEY, baseURL: groq.url, timeoutMs: 2000 });
  const catalog = createModelCatalog({ provider, clock: createManualClock(), defaultContextTokens: 8192, unlisted: shippedGroqModels() });
  return readCatalogAtStart(catalog, preference, "GROQ_API_KEY");
}

async function startError(preference: ModelPreference): Promise<ConfigError> {
  const error = await readAtStart(preference).then(() => undefined, (error: unknown) => error);
  if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(error)}`);
  return error;
}

describe("the catalog at start-up", () => {
  it("stops with one line naming GROQ_API_KEY when the provider refuses the key, never the key", async () => {
    groq.refuseKey();
    const error = await startError({ ids: [], auto: true });
    expect(error.message).toMatch(/^GROQ_API_KEY: was refused by the provider/);
    expect(error.message).not.toContain(KEY);
    expect(error.message).not.toContain("\n");
  });

  it("stops with one line naming the ids and listing what is served when no configured model is", async () => {
    const error = await startError({ ids: ["llama-3.3-70b-versatile", "mixtral-8x7b-32768"], auto: false });
    expect(error.message).toBe(
      "CHAT_MODEL: llama-3.3-70b-versatile, mixtral-8x7b-32768 are not served by the provider; it serves: " +
        "openai/gpt-oss-120b, openai/gpt-oss-20b, qwen/qwen3-32b, moonshotai/kimi-k2-instruct-0905",
    );
  });

  it("stops when auto finds no chat model at all", async () => {
    groq.serve(["whisper-large-v3", "groq/compound"]);
    expect((await startError({ ids: [], auto: true })).message).toBe("CHAT_MODEL: auto found no chat model in the provider's listing");
  });

  it("skips an unserved id with a warning when a later entry is served", async () => {
    expect(await readAtStart({ ids: ["llama-3.3-70b-versatile", "qwen/qwen3-32b"], auto: false })).toEqual({
      listed: true,
      warnings: ["CHAT_MODEL: llama-3.3-70b-versatile is not served by the provider; skipped (llama-3.3-70b-versatile,qwen/qwen3-32b)"],
    });
  });

  it("does not stop when the provider cannot be reached", async () => {
    groq.failListing(503);
    expect(await readAtStart({ ids: ["llama-3.3-70b-versatile"], auto: false })).toEqual({ listed: false, warnings: [] });
  });
});
