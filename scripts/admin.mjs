// `npm run admin -- …`: build the proxy if it is missing or older than its sources, then run the
// admin CLI from dist/ (production does not need tsx).
import { execSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const entry = join(root, "dist/proxy/admin/cli.js");

function newestMtime(dir) {
  let newest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    if (item.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (/\.(ts|json)$/.test(item.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

if (!existsSync(entry) || newestMtime(join(root, "proxy")) > statSync(entry).mtimeMs) {
  // stdout stays clean for --json: the build's output goes to stderr.
  execSync("npm run --silent build:proxy", { cwd: root, stdio: ["ignore", 2, 2] });
}
await import(entry);
