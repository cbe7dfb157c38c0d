// DATA_DIR/usage.json, written only by the proxy (which holds DATA_DIR/.lock); the admin CLI only reads it.
import { join } from "node:path";
import { TextFile } from "lowdb/node";
import { readDataFile, writeDataFile } from "./data-file.js";
import { decodeUsage, type UsageDocument } from "../../usage/usage-shapes.js";

export interface UsageFile {
  read(): Promise<UsageDocument | undefined>;
  write(document: UsageDocument): Promise<void>;
}

export const usageFilePath = (dataDir: string) => join(dataDir, "usage.json");

export function openUsageFile(dataDir: string): UsageFile {
  const file = usageFilePath(dataDir);
  const writer = new TextFile(file);
  return {
    read: () => readDataFile(file, decodeUsage),
    write: (document) => writeDataFile(writer, document),
  };
}
