import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { build, defineConfig, type Plugin, type UserConfig } from "vite";

// Two bundles from one command. widget.js is a CLASSIC script (the site owner's tag has no
// type=module), so it is built as an IIFE with no imports; it loads the panel — an ES module
// chunk with a content hash, served immutable — by dynamic import(). The panel is built first so
// the loader can be given the panel's hashed file name at build time.

const root = fileURLToPath(new URL(".", import.meta.url));
const outDir = fileURLToPath(new URL("../dist/widget", import.meta.url));
const FIRST_LOAD_BUDGET = 6000;

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
      precompress();
      report();
    },
  };
}

function scripts(): string[] {
  return readdirSync(outDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".js"))
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * Writes a brotli (quality 11) and a gzip (level 9) copy next to every script. The proxy, nginx
 * (brotli_static / gzip_static) and Caddy (precompressed) send these as they are: compressing
 * this hard per request would cost tens of milliseconds of CPU each time.
 */
function precompress() {
  for (const path of scripts()) {
    const bytes = readFileSync(path);
    writeFileSync(
      `${path}.br`,
      brotliCompressSync(bytes, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 11,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        },
      }),
    );
    writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
  }
}

/** Fails the build when widget.js would not run as a classic script, and prints the compressed sizes. */
function report() {
  const loader = readFileSync(join(outDir, "widget.js"), "utf8");
  if (/^\s*(import|export)\b/m.test(loader) || loader.includes("import.meta")) {
    throw new Error("dist/widget/widget.js must be a classic script: no top-level import/export, no import.meta");
  }
  const size = (path: string) => readFileSync(path).length;
  const firstLoad = size(join(outDir, "widget.js.br"));
  const total = scripts().reduce((sum, path) => sum + size(`${path}.br`), 0);
  console.log(`widget.js ${firstLoad} B brotli (budget ${FIRST_LOAD_BUDGET}); all files ${total} B brotli`);
  if (firstLoad > FIRST_LOAD_BUDGET) throw new Error("widget.js is over its first-load budget");
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
