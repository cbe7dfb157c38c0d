// `npm run admin -- …`: build the proxy if it is missing or older than its sources, then run the
// admin CLI from dist/ (production does not need tsx).
import { join } from "node:path";
import { buildIfStale, root } from "./build-if-stale.mjs";

// stdout stays clean for --json: the build's output goes to stderr.
buildIfStale({ output: "dist/proxy/admin/cli.js", source: "proxy", script: "build:proxy", stdio: ["ignore", 2, 2] });
await import(join(root, "dist/proxy/admin/cli.js"));
