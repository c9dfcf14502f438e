import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL("./", import.meta.url)),
      // `server-only` throws outside a React Server environment; unit tests run server code directly.
      "server-only": fileURLToPath(new URL("./test/empty-module.ts", import.meta.url)),
    },
  },
  test: {
    include: ["**/*.test.ts", "**/*.test.tsx"],
    exclude: ["node_modules/**", ".next/**", "e2e/**"],
    environment: "node",
    // A throwaway PostgreSQL server for the store tests (or TWINOPS_TEST_DATABASE_URL); see test/postgres.ts.
    globalSetup: ["./test/postgres.ts"],
    // Vitest's default is one worker fewer than the cores: one file at a time on CI's two. Test
    // files share nothing (own temp folders, own PostgreSQL schemas, port 0) and many of them wait
    // on I/O (PostgreSQL, brokers, HTTP), so two run at once. Override with --maxWorkers.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Contract and fuzz tests send thousands of requests as one client; the limiter has its own tests.
    env: { TWINOPS_RATE_LIMIT: "off" },
  },
});
