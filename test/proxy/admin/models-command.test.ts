import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../../proxy/admin/run-cli.js";
import { startGroqDouble, type GroqDouble } from "../../helpers/groq-double.js";

const KEY = "gsk_models_command_secret";
let groq: GroqDouble;
beforeEach(async () => {
  groq = await startGroqDouble();
});
afterEach(() => groq.close());

async function models(env: NodeJS.ProcessEnv, ...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(["models", ...args], {
    dataDir: "unused-by-models",
    env,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

describe("admin CLI: models", () => {
  it("prints what the provider serves now, marking the active model and the fallbacks in order", async () => {
    const run = await models({ GROQ_API_KEY: KEY, GROQ_BASE_URL: groq.url, CHAT_MODEL: "qwen/qwen3-32b,openai/gpt-oss-20b" });
    expect(run).toMatchObject({ code: 0, stderr: "" });
    const [first, , , ...rows] = run.stdout.split("\n");
    expect(first).toBe("Provider groq, CHAT_MODEL=qwen/qwen3-32b,openai/gpt-oss-20b: 4 chat models, served now.");
    expect(rows.find((row) => row.includes("qwen/qwen3-32b"))).toMatch(/^active\s+qwen\/qwen3-32b\s+Qwen 3 32B\s+131072\s+40960/);
    expect(rows.find((row) => row.includes("openai/gpt-oss-20b"))).toMatch(/^fallback 1\s+openai\/gpt-oss-20b/);
    expect(rows.find((row) => row.includes("openai/gpt-oss-120b"))).toMatch(/^\s+openai\/gpt-oss-120b/);
    expect(run.stdout).not.toContain("whisper");
    expect(run.stdout).not.toContain(KEY);
  });

  it("says in a note which configured model is not served", async () => {
    const run = await models({ GROQ_API_KEY: KEY, GROQ_BASE_URL: groq.url, CHAT_MODEL: "llama-3.3-70b-versatile,auto" }, "--json");
    const body = JSON.parse(run.stdout) as { active: string; fallbacks: string[]; models: { id: string; role: string }[] };
    expect(body).toMatchObject({ provider: "groq", chatModel: "llama-3.3-70b-versatile,auto", active: "openai/gpt-oss-120b" });
    expect(body.fallbacks).toEqual(["openai/gpt-oss-20b", "qwen/qwen3-32b", "moonshotai/kimi-k2-instruct-0905"]);
    expect((await models({ GROQ_API_KEY: KEY, GROQ_BASE_URL: groq.url, CHAT_MODEL: "llama-3.3-70b-versatile,auto" })).stdout).toContain(
      "Note: llama-3.3-70b-versatile is not served by the provider; openai/gpt-oss-120b answers.",
    );
  });

  it("fails with one line naming the key's variable when the provider refuses it", async () => {
    groq.refuseKey();
    const run = await models({ GROQ_API_KEY: KEY, GROQ_BASE_URL: groq.url });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("GROQ_API_KEY: refused by the provider (401 invalid key)\n");
  });

  it("reads an OpenAI-compatible server's listing with LLM_BASE_URL", async () => {
    groq.serve([{ id: "llama3.3:latest" }, { id: "mixtral:latest" }]);
    const run = await models({ LLM_BASE_URL: `${groq.url}/v1` }, "--json");
    expect(JSON.parse(run.stdout)).toMatchObject({ provider: "openai-compatible", active: "llama3.3:latest", fallbacks: ["mixtral:latest"] });
  });

  it("shows the shipped table offline", async () => {
    const run = await models({});
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("the shipped table (offline: no provider key set)");
    expect(run.stdout).toContain("openai/gpt-oss-120b");
  });
});
