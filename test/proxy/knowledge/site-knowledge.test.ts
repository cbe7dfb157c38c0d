import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openKnowledgeFiles } from "../../../proxy/store/files/knowledge-files.js";
import { saveKnowledge } from "../../helpers/knowledge-document.js";
import { createSiteKnowledge } from "../../../proxy/knowledge/site-knowledge.js";
import { createManualClock } from "../../helpers/manual-clock.js";
import { useTempDirs } from "../../helpers/temp-dir.js";

const tempDir = useTempDirs("site-knowledge-");
const page = (text: string) => ({ sourceId: "k1", url: `https://acme.test/${text}`, title: text, blocks: [{ kind: "text" as const, text }] });

describe("a site's knowledge in a running proxy", () => {
  it("reports a stored document it cannot read, and reads it again once it is repaired", async () => {
    const dataDir = await tempDir();
    await mkdir(join(dataDir, "knowledge"));
    await writeFile(join(dataDir, "knowledge", "default.json"), "{ not json");
    const clock = createManualClock();
    const problems: string[] = [];
    const knowledge = createSiteKnowledge({ store: openKnowledgeFiles(dataDir), clock, onError: (siteId, error) => problems.push(`${siteId}: ${String(error)}`) });

    expect(await knowledge.indexFor("default")).toBeUndefined();
    expect(problems).toEqual([expect.stringContaining("default: DataFileError")]);

    // Repaired by hand (the CLI refuses to change a file it cannot read).
    await writeFile(join(dataDir, "knowledge", "default.json"), JSON.stringify({ sources: [], pages: [page("kettles")] }));
    clock.advance(1000);
    expect((await knowledge.indexFor("default"))?.search("kettles")[0]?.passage.url).toBe("https://acme.test/kettles");
  });

  it("asks the store at most once a second", async () => {
    const dataDir = await tempDir();
    const store = openKnowledgeFiles(dataDir);
    await saveKnowledge(store, "default", { sources: [], pages: [page("kettles")] });
    const clock = createManualClock();
    const knowledge = createSiteKnowledge({ store, clock });
    const first = await knowledge.indexFor("default");
    await saveKnowledge(store, "default", { sources: [], pages: [page("teapots")] });
    clock.advance(999);
    expect(await knowledge.indexFor("default")).toBe(first);
  });
});
