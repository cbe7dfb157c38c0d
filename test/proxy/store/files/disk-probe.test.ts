import { readdir } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { probeDisk } from "../../../../proxy/store/files/disk-probe.js";
import { useTempDirs } from "../../../helpers/temp-dir.js";

const tempDir = useTempDirs("disk-probe-");

describe("probeDisk", () => {
  it("reports a working folder as working to many concurrent checks", async () => {
    const dir = await tempDir();
    const checks = Array.from({ length: 50 }, () => probeDisk([dir]));
    await expect(Promise.all(checks)).resolves.toBeDefined();
  });

  it("leaves no probe file behind", async () => {
    const dir = await tempDir();
    await probeDisk([dir]);
    expect(await readdir(dir)).toEqual([]);
  });
});
