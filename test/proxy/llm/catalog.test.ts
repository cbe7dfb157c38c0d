import { describe, expect, it } from "vitest";
import { createModelCatalog } from "../../../proxy/llm/catalog.js";
import { shippedGroqModels } from "../../../proxy/llm/model-info.js";
import type { ListedModel, LlmProvider } from "../../../proxy/llm/provider.js";
import { createManualClock } from "../../helpers/manual-clock.js";

function listingProvider(listing: () => ListedModel[] | undefined): LlmProvider {
  return {
    name: "groq",
    complete: () => Promise.reject(new Error("not used")),
    stream: () => ({ [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error("not used")) }) }),
    listModels: async () => listing(),
  };
}

const listed = (id: string, contextWindow?: number, maxOutputTokens?: number): ListedModel => ({ id, contextWindow, maxOutputTokens });

function catalogOf(listing: ListedModel[] | undefined) {
  let current = listing;
  const clock = createManualClock();
  const catalog = createModelCatalog({
    provider: listingProvider(() => current),
    clock,
    defaultContextTokens: 8192,
    unlisted: shippedGroqModels(),
  });
  return { catalog, clock, relist: (next: ListedModel[]) => (current = next) };
}

const AUTO = { ids: [], auto: true };
const ids = (models: { id: string }[]) => models.map((model) => model.id);

describe("model catalog", () => {
  it("keeps only chat models from the listing: no speech, text-to-speech, guards or tool agents", async () => {
    const { catalog } = catalogOf(
      ["openai/gpt-oss-120b", "whisper-large-v3", "playai-tts", "canopylabs/orpheus-v1-english", "meta-llama/llama-guard-4-12b", "openai/gpt-oss-safeguard-20b", "groq/compound", "qwen/qwen3-32b"].map((id) => listed(id)),
    );
    await catalog.refresh();
    expect(ids(catalog.models())).toEqual(["openai/gpt-oss-120b", "qwen/qwen3-32b"]);
  });

  it("auto prefers Llama, then Mixtral/Mistral, then Gemma, then any other chat model", async () => {
    const { catalog } = catalogOf(["qwen/qwen3-32b", "gemma3", "mistral-small", "openai/gpt-oss-120b", "llama3.3", "meta-llama/llama-guard-4-12b"].map((id) => listed(id)));
    await catalog.refresh();
    expect(ids(catalog.candidates(AUTO))).toEqual(["llama3.3", "mistral-small", "gemma3", "openai/gpt-oss-120b", "qwen/qwen3-32b"]);
  });

  it("among other models, auto follows the shipped table's order (best all-round first)", async () => {
    const { catalog } = catalogOf(["qwen/qwen3-32b", "openai/gpt-oss-20b", "openai/gpt-oss-120b"].map((id) => listed(id)));
    await catalog.refresh();
    expect(catalog.candidates(AUTO)[0]!.id).toBe("openai/gpt-oss-120b");
  });

  it("takes context window and output limit from the listing, names from the shipped table", async () => {
    const { catalog } = catalogOf([listed("openai/gpt-oss-120b", 65536, 4096), listed("some/new-model", 32768, 2048)]);
    await catalog.refresh();
    expect(catalog.models()).toEqual([
      expect.objectContaining({ id: "openai/gpt-oss-120b", name: "GPT-OSS 120B", contextWindow: 65536, maxOutputTokens: 4096, status: "active" }),
      { id: "some/new-model", name: "some/new-model", contextWindow: 32768, maxOutputTokens: 2048, bestFor: "", status: "active" },
    ]);
  });

  it("assumes MODEL_CONTEXT_TOKENS for a model whose listing gives no window (Ollama)", async () => {
    const { catalog } = catalogOf([listed("llama3.3:latest")]);
    await catalog.refresh();
    expect(catalog.models()[0]).toMatchObject({ id: "llama3.3:latest", name: "Llama 3.3 70B", contextWindow: 8192 });
  });

  it("tries the explicit ids that are served, in order, then (with auto) the rest", async () => {
    const { catalog } = catalogOf(["openai/gpt-oss-120b", "qwen/qwen3-32b", "openai/gpt-oss-20b"].map((id) => listed(id)));
    await catalog.refresh();
    expect(ids(catalog.candidates({ ids: ["gone-model", "qwen/qwen3-32b"], auto: false }))).toEqual(["qwen/qwen3-32b"]);
    expect(ids(catalog.candidates({ ids: ["qwen/qwen3-32b"], auto: true }))).toEqual(["qwen/qwen3-32b", "openai/gpt-oss-120b", "openai/gpt-oss-20b"]);
  });

  it("puts a site's own list first and the proxy's after it, without repeats", async () => {
    const { catalog } = catalogOf(["openai/gpt-oss-120b", "qwen/qwen3-32b"].map((id) => listed(id)));
    await catalog.refresh();
    expect(ids(catalog.candidates({ ids: ["qwen/qwen3-32b"], auto: false }, { ids: ["openai/gpt-oss-120b", "qwen/qwen3-32b"], auto: false }))).toEqual([
      "qwen/qwen3-32b",
      "openai/gpt-oss-120b",
    ]);
  });

  it("skips a model marked retired, shows it as retired, and says when", async () => {
    const { catalog, clock } = catalogOf(["openai/gpt-oss-120b", "qwen/qwen3-32b"].map((id) => listed(id)));
    await catalog.refresh();
    expect(catalog.markRetired("openai/gpt-oss-120b")).toBe(true);
    expect(catalog.markRetired("openai/gpt-oss-120b")).toBe(false);
    expect(ids(catalog.candidates(AUTO))).toEqual(["qwen/qwen3-32b"]);
    expect(catalog.models().find((model) => model.id === "openai/gpt-oss-120b")!.status).toBe("retired");
    expect(catalog.retiredAt("openai/gpt-oss-120b")).toEqual(clock.now());
  });

  it("keeps a retirement while the listing still shows the model, and forgets it when the model comes back after being gone", async () => {
    const { catalog, relist } = catalogOf([listed("llama3.3"), listed("gemma3")]);
    await catalog.refresh();
    catalog.markRetired("llama3.3");
    await catalog.refresh();
    expect(catalog.isServed("llama3.3")).toBe(false);
    relist([listed("gemma3")]);
    await catalog.refresh();
    relist([listed("gemma3"), listed("llama3.3")]);
    await catalog.refresh();
    expect(catalog.isServed("llama3.3")).toBe(true);
  });

  it("without a listing, trusts explicit ids and lets auto mean the shipped table", () => {
    const { catalog } = catalogOf(undefined);
    expect(catalog.listed()).toBe(false);
    expect(catalog.candidates({ ids: ["my-own-model"], auto: false })).toEqual([
      { id: "my-own-model", name: "my-own-model", contextWindow: 8192, maxOutputTokens: 8192, bestFor: "" },
    ]);
    expect(ids(catalog.candidates(AUTO))).toEqual(ids([...shippedGroqModels()].sort((a, b) => Number(!/llama/.test(a.id)) - Number(!/llama/.test(b.id)))));
  });
});
