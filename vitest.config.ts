import os from "node:os";
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
    // Test files run on two workers at least, also on a 2-core CI machine (vitest's default there
    // is one): most files wait on PostgreSQL, a server or a child process. Each worker has its own
    // test database (test/postgres.ts).
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    // A throwaway PostgreSQL server for the store tests (or TWINOPS_TEST_DATABASE_URL); see test/postgres.ts.
    globalSetup: ["./test/postgres.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Contract and fuzz tests send thousands of requests as one client; the limiter has its own tests.
    env: { TWINOPS_RATE_LIMIT: "off" },
  },
});
