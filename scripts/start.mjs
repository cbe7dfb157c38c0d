// `npm start`: build what is missing or stale, then run the proxy in this process.
import { join } from "node:path";
import { buildIfStale, root } from "./build-if-stale.mjs";

buildIfStale({ output: "dist/widget/widget.js", source: "widget", script: "build:widget" });
buildIfStale({ output: "dist/proxy/server.js", source: "proxy", script: "build:proxy" });
await import(join(root, "dist/proxy/server.js"));
