// `npm start`: build what is missing or stale, then run the proxy in this process.
import { execSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    newest = Math.max(newest, mtime);
  }
  return newest;
}

function isStale(output, ...sources) {
  const target = join(root, output);
  if (!existsSync(target)) return true;
  const built = statSync(target).mtimeMs;
  return sources.some((source) => newestMtime(join(root, source)) > built);
}

if (isStale("dist/widget/widget.js", "widget")) {
  execSync("npm run build:widget", { cwd: root, stdio: "inherit" });
}
if (isStale("dist/proxy/server.js", "proxy")) {
  execSync("npm run build:proxy", { cwd: root, stdio: "inherit" });
}
await import(join(root, "dist/proxy/server.js"));
