import { expect, test } from "@playwright/test";
import { colourStats, watchPage } from "./helpers";
import { TEST_IDS, kpiTestId, panelTestId } from "@/lib/test-ids";
import { DOMAINS } from "@/lib/twin/types";

const HEADLINES = ["energy.load", "transport.congestionIndex", "construction.activeSites", "health.bedOccupancy"];

test("the server's HTML already holds the headline figures with units", async ({ request }) => {
  const res = await request.get("/");
  expect(res.status()).toBe(200);
  const html = await res.text();
  // City load in MW, in the markup before any script runs.
  const load = html.match(new RegExp(`data-testid="${kpiTestId("energy.load")}"[^>]*>([\\s\\S]*?)</`, "m"));
  expect(html).toContain(`data-testid="${kpiTestId("energy.load")}"`);
  expect(html).toMatch(/\d[\d,.]*\s*(MW|GW)/);
  expect(load).not.toBeNull();
  expect(html).toMatch(/[Ss]imulated/);
});

test("overview: map draws, four panels show data, alerts listed, nothing leaves the origin", async ({ page, baseURL }) => {
  const watch = watchPage(page, baseURL!);
  await page.goto("/");

  await expect(page.getByTestId(TEST_IDS.cityName)).toContainText("Shenzhen");
  await expect(page.getByTestId(TEST_IDS.simulatedBadge)).toBeVisible();

  // Each domain panel shows a headline number with a unit and a drawn chart.
  for (const d of DOMAINS) {
    const panel = page.getByTestId(panelTestId(d));
    await expect(panel).toBeVisible();
    await expect(panel.locator("canvas").first()).toBeVisible();
  }
  for (const id of HEADLINES) {
    await expect(page.getByTestId(kpiTestId(id))).toContainText(/\d/);
  }
  await expect(page.getByTestId(kpiTestId("energy.load"))).toContainText(/MW|GW/);
  await expect(page.getByTestId(kpiTestId("health.bedOccupancy"))).toContainText("%");

  // The map has loaded its style and every data layer, and has really drawn something.
  const map = page.getByTestId(TEST_IDS.mapRoot);
  await expect(map).toHaveAttribute("data-map-loaded", "true", { timeout: 45_000 });
  await page.waitForTimeout(1000);
  const stats = colourStats(await map.screenshot());
  expect(stats.distinct).toBeGreaterThan(8);

  // Alerts panel lists alerts raised by the simulator's threshold rules.
  await expect(page.getByTestId(panelTestId("alerts"))).toBeVisible();

  expect(watch.outside, "requests to other hosts").toEqual([]);
  expect(watch.errors, "console errors").toEqual([]);
});

test("a live value changes without a reload", async ({ page }) => {
  await page.goto("/");
  const asOf = page.getByTestId(TEST_IDS.dataAsOf);
  await expect(page.getByTestId(TEST_IDS.connectionState)).toHaveAttribute("data-state", "live", { timeout: 30_000 });
  const before = await asOf.textContent();
  // The e2e server ticks every 5 s; the header's as-of follows the SSE stream.
  await expect(asOf).not.toHaveText(before ?? "", { timeout: 30_000 });
});

test("in Chinese the overview reads 简体中文 with 万 for large counts", async ({ page }) => {
  await page.goto("/?lang=zh");
  await expect(page.locator("[lang='zh-Hans']").first()).toBeVisible();
  await expect(page.getByTestId(TEST_IDS.simulatedBadge)).toContainText("模拟");
  // Metro trips today are in the hundreds of thousands or millions: shown with 万.
  await expect(page.getByTestId(kpiTestId("transport.metroTripsToday"))).toContainText("万");
});
