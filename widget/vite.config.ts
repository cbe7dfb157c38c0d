import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { build, defineConfig, type Plugin, type UserConfig } from "vite";
import type { Messages } from "./src/i18n/messages";

// Two bundles from one command. widget.js is a CLASSIC script (the site owner's tag has no
// type=module), so it is built as an IIFE with no imports; it loads the panel — an ES module
// chunk with a content hash, served immutable — by dynamic import(), together with the visitor's
// language table, one more such chunk per language. The panel and the tables are built first so
// the loader can be given their hashed file names at build time.

const root = fileURLToPath(new URL(".", import.meta.url));
const outDir = fileURLToPath(new URL("../dist/widget", import.meta.url));
const FIRST_LOAD_BUDGET = 6000;

const shared: UserConfig = {
  root,
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
};

const LANGUAGE_ENTRY = "lang-";
// One table a language: en.ts, de.ts, … (messages.ts, tables.ts and the other helpers are longer names).
const LANGUAGES = readdirSync(join(root, "src/i18n"))
  .map((name) => /^([a-z]{2,3})\.ts$/.exec(name)?.[1])
  .filter((language) => language !== undefined);

function buildLoaderAfterPanel(): Plugin {
  let panelFile = "";
  const languageFiles: Record<string, string> = {};
  return {
    name: "chat-widget:loader",
    apply: "build",
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle)) {
        if (output.type !== "chunk" || !output.isEntry) continue;
        if (output.name === "panel") panelFile = output.fileName;
        else languageFiles[output.name.slice(LANGUAGE_ENTRY.length)] = output.fileName;
      }
      if (!panelFile) this.error("the panel entry chunk is missing");
    },
    async closeBundle() {
      // The launcher's label is the one string widget.js needs before any table loads: read it
      // from each built table.
      const languages: Record<string, readonly [chunk: string, openChat: string]> = {};
      for (const [language, file] of Object.entries(languageFiles)) {
        const table = (await import(pathToFileURL(join(outDir, file)).href)) as { default: Messages };
        languages[language] = [file, table.default.openChat];
      }
      await build({
        ...shared,
        configFile: false,
        logLevel: "warn",
        define: { __PANEL_CHUNK__: JSON.stringify(panelFile), __LANGUAGES__: JSON.stringify(languages) },
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
      input: {
        panel: join(root, "src/panel.tsx"),
        ...Object.fromEntries(LANGUAGES.map((language) => [LANGUAGE_ENTRY + language, join(root, `src/i18n/${language}.ts`)])),
      },
      preserveEntrySignatures: "strict",
      // The tables share no code with the panel or each other, so each entry stays one file.
      output: { format: "es", entryFileNames: "chunks/[name]-[hash].js" },
    },
  },
});
