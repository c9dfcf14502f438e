import { expect, test, type Page } from "@playwright/test";
import { watchPage } from "./helpers";
import { DEPT_IDS, TEST_IDS, deptPanelTestId, exportTestId, explainTestId, rangeTestId } from "@/lib/test-ids";

/** Waits until the department page has drawn its map and filled its KPI strip. */
async function ready(page: Page): Promise<void> {
  await expect(page.getByTestId(TEST_IDS.mapRoot)).toHaveAttribute("data-map-loaded", "true", { timeout: 45_000 });
  await expect(page.getByTestId(DEPT_IDS.kpiStrip)).toContainText(/\d/);
}

/** Rows of a panel's data table (the accessible table every chart carries). */
async function tableRows(page: Page, panelId: string): Promise<string[][]> {
  return page
    .getByTestId(deptPanelTestId(panelId))
    .locator("table tbody tr")
    .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll("th,td")].map((c) => (c.textContent ?? "").trim())));
}

for (const dept of ["energy", "transport", "construction", "health"] as const) {
  test(`/${dept} draws its map, KPIs with units and as-of, and at least six panels with data`, async ({ page, baseURL }) => {
    const watch = watchPage(page, baseURL ?? "");
    await page.goto(`/${dept}`);
    await ready(page);
    const panels = page.locator(`[data-testid^="dept-panel-"]`);
    expect(await panels.count()).toBeGreaterThanOrEqual(6);
    // Every panel says when its data is from, and holds numbers (its data table is filled).
    for (const p of await panels.all()) {
      await expect(p.locator("time").first()).toBeVisible();
      await expect(p.locator("table tbody tr").first()).toBeAttached();
    }
    await expect(page.getByTestId(TEST_IDS.mapRoot)).not.toHaveAttribute("data-choropleth-count", "0");
    expect(watch.outside).toEqual([]);
    expect(watch.errors).toEqual([]);
  });
}

test("changing range, compare and district writes the URL and changes the data shown", async ({ page }) => {
  await page.goto("/energy");
  await ready(page);
  const before = await tableRows(page, "load");
  await page.getByTestId(rangeTestId("7d")).click();
  await expect(page).toHaveURL(/range=7d/);
  await expect(page.getByTestId(DEPT_IDS.timeControl)).toHaveAttribute("data-range", "7d");
  await expect.poll(async () => JSON.stringify(await tableRows(page, "load"))).not.toBe(JSON.stringify(before));

  await page.getByTestId(DEPT_IDS.compareSelect).selectOption("week");
  await expect(page).toHaveURL(/compare=week/);

  const ranked = await tableRows(page, "feeders");
  await page.getByTestId(DEPT_IDS.districtFilter).locator("select").selectOption("nanshan");
  await expect(page).toHaveURL(/district=nanshan/);
  // The feeder ranking now lists Nanshan's feeders only.
  await expect.poll(async () => JSON.stringify(await tableRows(page, "feeders"))).not.toBe(JSON.stringify(ranked));
  await expect(page.getByTestId(deptPanelTestId("feeders"))).toContainText(/Nanshan/);
});

test("a shared URL restores the same view", async ({ page, context }) => {
  const url = "/transport?range=7d&compare=previous&district=futian&at=2026-07-14T08:00:00.000Z";
  await page.goto(url);
  await ready(page);
  const control = page.getByTestId(DEPT_IDS.timeControl);
  await expect(control).toHaveAttribute("data-range", "7d");
  await expect(control).toHaveAttribute("data-compare", "previous");
  await expect(control).toHaveAttribute("data-cursor", "2026-07-14T08:00:00.000Z");
  await expect(page.getByTestId(DEPT_IDS.districtFilter)).toHaveAttribute("data-district", "futian");
  // A second browser tab opened on the same link shows the same figures.
  const other = await context.newPage();
  await other.goto(url);
  await ready(other);
  expect(await tableRows(other, "slow-roads")).toEqual(await tableRows(page, "slow-roads"));
});

test("the time cursor moves map, panels and alerts to that moment, and Live returns to now", async ({ page }) => {
  await page.goto("/health");
  await ready(page);
  const live = await tableRows(page, "hospitals");
  const at = "2026-07-14T20:00:00.000Z"; // 04:00 in Shenzhen, the night before
  await page.goto(`/health?at=${at}`);
  await ready(page);
  await expect(page.getByTestId(DEPT_IDS.timeControl)).toHaveAttribute("data-cursor", at);
  await expect.poll(async () => JSON.stringify(await tableRows(page, "hospitals"))).not.toBe(JSON.stringify(live));
  await page.getByTestId(DEPT_IDS.live).click();
  await expect(page).not.toHaveURL(/at=/);
  await expect(page.getByTestId(DEPT_IDS.timeControl)).toHaveAttribute("data-cursor", "live");
});

test("every KPI explains itself: definition, formula, unit, thresholds and as-of", async ({ page }) => {
  await page.goto("/energy");
  await ready(page);
  await page.getByTestId(explainTestId("energy.load")).click();
  const dialog = page.getByTestId(DEPT_IDS.explainDialog);
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(/MW/);
  await expect(dialog).toContainText(/sum/i);
  await expect(dialog).toContainText(/24[,.]?000/);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
});

test("a panel's CSV export holds the numbers the API gives for the same view", async ({ page, request }) => {
  await page.goto("/energy?district=futian");
  await ready(page);
  const download = page.waitForEvent("download");
  await page.getByTestId(exportTestId("csv", "feeders")).click();
  const file = await download;
  const text = await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8"));
  expect(text).toMatch(/^#/m);
  expect(text).toMatch(/simulated/i);
  const api = await (await request.get("/api/twin/v1/rank?type=Feeder&property=loading&district=futian&order=desc&limit=10")).json();
  const first = api.items[0] as { assetId: string; value: number };
  expect(text).toContain(first.assetId);
  expect(text).toContain(String(first.value));
});
