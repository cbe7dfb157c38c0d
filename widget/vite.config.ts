import { defineConfig } from "vite";

export default defineConfig({
  build: {
    outDir: "../dist/widget",
    emptyOutDir: true,
    lib: { entry: "src/main.ts", formats: ["es"], fileName: () => "widget.js" },
  },
  root: "widget",
});
