/**
 * The city map at city scale: a server of its own with TWINOPS_INVENTORY_SCALE=4 (~11 k assets,
 * energy alone more than one /assets answer holds). The wall's map draws the dense layer from the
 * server's aggregation of its view (clusters with counts), and still shows the open alerts as alarm
 * markers in the alarm colours; a department map draws its dense layer the same way.
 */
import { expect, test, type Browser } from "@playwright/test";
import { colourStats } from "./helpers";
import { removeDatabase, signal, signIn, startOwnServer, waitUp, type OwnServer } from "./own-server";
import { DEPT_IDS, TEST_IDS } from "@/lib/test-ids";

const PORT = Number(process.env.E2E_PORT ?? 3210) + 50;
const DB = `data/e2e-scale-${PORT}.db`;
const PASSWORD = `scale-test-${Date.now().toString(36)}-password`;

let server: OwnServer;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  removeDatabase(DB);
  server = startOwnServer(PORT, DB, PASSWORD, { TWINOPS_INVENTORY_SCALE: "4" });
  await waitUp(server, 170_000);
});

test.afterAll(() => {
  if (server) signal(server, "SIGTERM");
  removeDatabase(DB);
});

/** Opens `path` signed in; resolves `clusters` with the first energy clusters answer. */
async function openMap(browser: Browser, path: string) {
  const { cookie } = await signIn(server);
  const [name, value] = cookie.split("=") as [string, string];
  const context = await browser.newContext({ storageState: undefined, viewport: { width: 1440, height: 900 } });
  await context.addCookies([{ name, value, url: server.base }]);
  const page = await context.newPage();
  const asked: string[] = [];
  page.on("request", (r) => asked.push(r.url()));
  const clusters = page.waitForResponse((r) => r.url().includes("/api/twin/v1/assets/clusters?domain=energy") && r.status() === 200, { timeout: 60_000 });
  await page.goto(`${server.base}${path}`);
  const map = page.getByTestId(TEST_IDS.mapRoot);
  await expect(map).toHaveAttribute("data-map-loaded", "true", { timeout: 60_000 });
  return { cookie, context, page, map, clusters, asked };
}

test("at scale 4 the wall map draws energy as server-side clusters and open alerts as alarm markers", async ({ browser }) => {
  test.setTimeout(120_000);
  const { cookie, context, page, map, clusters } = await openMap(browser, "/wall/city");

  // The legend counts the whole inventory; the map got aggregated cells, not thousands of points.
  const body = (await (await clusters).json()) as { total: number; features: { properties: { kind: string; count: number } }[] };
  expect(body.total).toBeGreaterThan(5000);
  expect(body.features.length).toBeLessThan(body.total / 4);
  expect(body.features.some((f) => f.properties.kind === "cluster" && f.properties.count > 10)).toBe(true);
  await expect(map).toHaveAttribute("data-sources-fed", /assets-energy/);
  const alerts = (await (await page.request.get(`${server.base}/api/twin/v1/alerts?state=open,acknowledged,assigned&limit=1`, { headers: { cookie } })).json()) as { total: number };
  expect(alerts.total).toBeGreaterThan(0);

  // Alarm markers in the alarm colours (#ff2d55 critical, #ff7a1a major) are on the drawn map.
  await page.waitForTimeout(1000);
  const stats = colourStats(await map.screenshot({ animations: "disabled" }));
  expect(stats.share([0xff, 0x2d, 0x55], 40) + stats.share([0xff, 0x7a, 0x1a], 40)).toBeGreaterThan(0.0002);
  await context.close();
});

test("at scale 4 the energy department map draws its assets as clusters of the view too; its list and export ask the server", async ({ browser }) => {
  test.setTimeout(120_000);
  const { cookie, context, page, map, clusters, asked } = await openMap(browser, "/energy");
  const body = (await (await clusters).json()) as { total: number; features: unknown[] };
  expect(body.total).toBeGreaterThan(5000);
  expect(body.features.length).toBeLessThan(body.total / 4);
  await expect(map).toHaveAttribute("data-sources-fed", /assets-energy/);

  // Never the whole layer: the count, then small filtered reads for the list.
  expect(asked.filter((u) => /\/api\/twin\/v1\/assets\?domain=energy&limit=5000/.test(u))).toEqual([]);
  const energy = (await (await page.request.get(`${server.base}/api/twin/v1/assets?domain=energy&limit=1`, { headers: { cookie } })).json()) as { total: number };
  const abnormal = await Promise.all(
    ["critical", "warning", "offline"].map(async (s) => ((await (await page.request.get(`${server.base}/api/twin/v1/assets?domain=energy&status=${s}&limit=1`, { headers: { cookie } })).json()) as { total: number }).total),
  );
  // The list says how many need attention in the whole domain (at least the abnormal own statuses) and shows the first few dozen.
  const summary = page.getByTestId(TEST_IDS.mapList).locator("xpath=..").locator("summary");
  await expect(summary).toHaveText(/\(\d+\)/, { timeout: 30_000 });
  const count = Number(/\((\d+)\)/.exec((await summary.textContent()) ?? "")?.[1]);
  // (A tick between the two reads may move a few: not an exact match.)
  expect(count).toBeGreaterThan(0);
  expect(count).toBeGreaterThanOrEqual(Math.floor(0.8 * abnormal.reduce((a, b) => a + b, 0)));
  await summary.click();
  const rows = page.getByTestId(TEST_IDS.mapList).locator("li");
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeLessThanOrEqual(40);

  // The GeoJSON export holds every asset of the domain, more than one /assets answer.
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId(DEPT_IDS.mapExportGeojson).click()]);
  const fc = JSON.parse(Buffer.concat(await (await file.createReadStream()).toArray()).toString("utf8")) as { features: unknown[]; asOf: string };
  expect(fc.features).toHaveLength(energy.total);
  expect(energy.total).toBeGreaterThan(5000);
  expect(fc.asOf).toMatch(/^\d{4}-\d\d-\d\dT/);
  await context.close();
});
