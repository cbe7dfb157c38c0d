import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, defineConfig, type Plugin, type UserConfig } from "vite";

// Two bundles from one command. widget.js is a CLASSIC script (the site owner's tag has no
// type=module), so it is built as an IIFE with no imports; it loads the panel — an ES module
// chunk with a content hash, served immutable — by dynamic import(). The panel is built first so
// the loader can be given the panel's hashed file name at build time.

const root = fileURLToPath(new URL(".", import.meta.url));
const outDir = fileURLToPath(new URL("../dist/widget", import.meta.url));
const FIRST_LOAD_BUDGET = 6000;
const TOTAL_BUDGET = 40000;

const shared: UserConfig = {
  root,
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
};

function buildLoaderAfterPanel(): Plugin {
  let panelFile = "";
  return {
    name: "chat-widget:loader",
    apply: "build",
    generateBundle(_options, bundle) {
      const entry = Object.values(bundle).find((output) => output.type === "chunk" && output.isEntry);
      if (!entry) this.error("the panel entry chunk is missing");
      panelFile = entry.fileName;
    },
    async closeBundle() {
      await build({
        ...shared,
        configFile: false,
        logLevel: "warn",
        define: { __PANEL_CHUNK__: JSON.stringify(panelFile) },
        build: {
          outDir,
          emptyOutDir: false,
          target: "es2022",
          modulePreload: false,
          rolldownOptions: {
            input: join(root, "src/main.ts"),
            output: { format: "iife", entryFileNames: "widget.js" },
          },
        },
      });
      report();
    },
  };
}

/** Fails the build when widget.js would not run as a classic script, and prints gzip -9 sizes. */
function report() {
  const loader = readFileSync(join(outDir, "widget.js"), "utf8");
  if (/^\s*(import|export)\b/m.test(loader) || loader.includes("import.meta")) {
    throw new Error("dist/widget/widget.js must be a classic script: no top-level import/export, no import.meta");
  }
  const gzip = (data: string | Buffer) => gzipSync(data, { level: 9 }).length;
  const firstLoad = gzip(loader);
  const files = readdirSync(outDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  const total = files.reduce((sum, entry) => sum + gzip(readFileSync(join(entry.parentPath, entry.name))), 0);
  console.log(`widget.js ${firstLoad} B gzip -9 (budget ${FIRST_LOAD_BUDGET}); all files ${total} B (budget ${TOTAL_BUDGET})`);
  if (firstLoad > FIRST_LOAD_BUDGET) throw new Error("widget.js is over its first-load budget");
  if (total > TOTAL_BUDGET) console.warn("warning: the widget's files together are over budget");
}

export default defineConfig({
  ...shared,
  plugins: [buildLoaderAfterPanel()],
  build: {
    outDir,
    emptyOutDir: true,
    target: "es2022",
    modulePreload: false,
    rolldownOptions: {
      input: join(root, "src/panel.tsx"),
      preserveEntrySignatures: "strict",
      output: { format: "es", entryFileNames: "chunks/panel-[hash].js", codeSplitting: false },
    },
  },
});
