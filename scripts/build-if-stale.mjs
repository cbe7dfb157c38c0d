// Shared by `npm start` and `npm run admin`: run a build script when its output is missing or
// older than any file under its source folder.
import { execSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("..", import.meta.url));

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    newest = Math.max(newest, mtime);
  }
  return newest;
}

function isStale(output, source) {
  const target = join(root, output);
  return !existsSync(target) || newestMtime(join(root, source)) > statSync(target).mtimeMs;
}

/** `stdio` as for child_process: `npm run admin` keeps stdout clean for --json. */
export function buildIfStale({ output, source, script, stdio = "inherit" }) {
  if (isStale(output, source)) execSync(`npm run --silent ${script}`, { cwd: root, stdio });
}
