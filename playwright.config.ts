import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3210);
/** Cookies of the signed-in admin, written by e2e/auth.setup.ts. */
export const ADMIN_STATE = `test-results/.auth/admin-${PORT}.json`;
/** Port of the OpenID provider e2e/oidc.spec.ts starts (next to the app's). */
export const OIDC_PORT = PORT + 9;
/** Generated per run: never a fixed password, even for a test database. */
export const E2E_ADMIN_PASSWORD = process.env.E2E_ADMIN_PASSWORD ?? `e2e-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
process.env.E2E_ADMIN_PASSWORD = E2E_ADMIN_PASSWORD;
// A run on another port gets its own database: the command below deletes it first, which must
// never pull the WAL files from under a suite already running on the default port.
const DB = PORT === 3210 ? "data/e2e.db" : `data/e2e-${PORT}.db`;
/** Its operations store (accounts, audit), beside it as the server derives it. */
const OPS_DB = DB.replace(/\.db$/, "-ops.db");

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
  projects: [
    // Signs in once as the first admin; every other test starts signed in (tests of sign-in
    // itself start from an empty storage state).
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    {
      name: "chromium",
      dependencies: ["setup"],
      use: { ...devices["Desktop Chrome"], viewport: { width: 1440, height: 900 }, storageState: ADMIN_STATE },
    },
  ],
  webServer: {
    command: `rm -f ${DB} ${DB}-wal ${DB}-shm ${OPS_DB} ${OPS_DB}-wal ${OPS_DB}-shm && node node_modules/next/dist/bin/next start -p ${PORT}`,
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
      // The first admin's password for this throwaway database (e2e/auth.setup.ts signs in with it).
      TWINOPS_ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
      // City single sign-on: e2e/oidc.spec.ts starts a real OpenID provider (oidc-provider) here.
      TWINOPS_OIDC_ISSUER: `http://127.0.0.1:${OIDC_PORT}`,
      TWINOPS_OIDC_CLIENT_ID: "twinops",
      TWINOPS_OIDC_CLIENT_SECRET: "e2e-client-secret-not-for-production",
    },
  },
});
