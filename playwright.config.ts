import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3210);
// A run on another port gets its own database: the command below deletes it first, which must
// never pull the WAL files from under a suite already running on the default port.
const DB = PORT === 3210 ? "data/e2e.db" : `data/e2e-${PORT}.db`;

/**
 * Browser tests run against the production build (`next build` first) in Debian's Chromium.
 * Playwright already passes --headless --no-sandbox --enable-unsafe-swiftshader, so WebGL2 runs on
 * SwiftShader; never add --disable-software-rasterizer (MapLibre would lose WebGL).
 */
export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/playwright-artifacts",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 20_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    launchOptions: { executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium" },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], viewport: { width: 1440, height: 900 } } }],
  webServer: {
    command: `rm -f ${DB} ${DB}-wal ${DB}-shm && node node_modules/next/dist/bin/next start -p ${PORT}`,
    url: `http://127.0.0.1:${PORT}/api/twin/v1`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      NEXT_TELEMETRY_DISABLED: "1",
      TWINOPS_DB_PATH: DB,
      TWINOPS_BACKFILL_DAYS: "2",
      // Metric history for a day compared with the same weekday last week (8 days back), plus slack;
      // written in the background after the 2-day raw backfill, so start-up stays fast.
      TWINOPS_HISTORY_DAYS: "9",
      // The default live cadence: the fast stream turns stale after 3 ticks (15 s), which a busy
      // CI machine must not trip by a late tick.
      TWINOPS_TICK_SECONDS: "5",
      // A summer working morning (Wednesday 10:00 in Shenzhen), whatever the hour of the CI run:
      // figures that depend on time of day (metro trips, solar) are then the same every run.
      TWINOPS_CLOCK_START: "2026-07-15T10:00:00+08:00",
    },
  },
});
