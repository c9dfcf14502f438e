import { expect, test, type Page } from "@playwright/test";
import { watchPage } from "./helpers";
import { readPng } from "@/lib/export/png";
import { DEPT_IDS, TEST_IDS, deptPanelTestId, exportTestId, explainTestId, rangeTestId } from "@/lib/test-ids";
import { DOMAINS } from "@/lib/twin/types";

/** Waits until the department page has drawn its map and filled its KPI strip. */
async function ready(page: Page): Promise<void> {
  await expect(page.getByTestId(TEST_IDS.mapRoot)).toHaveAttribute("data-map-loaded", "true", { timeout: 45_000 });
  await expect(page.getByTestId(DEPT_IDS.kpiStrip)).toContainText(/\d/);
}

/** Rows of a panel's data table (the table behind its "Data" disclosure, opened if needed). */
async function tableRows(page: Page, panelId: string): Promise<string[][]> {
  const panel = page.getByTestId(deptPanelTestId(panelId));
  const details = panel.locator("details.data-table");
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator("summary").click();
  await expect(panel.locator("table tbody tr").first()).toBeAttached();
  return panel
    .locator("table tbody tr")
    .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll("th,td")].map((c) => (c.textContent ?? "").trim())));
}

/** What else a department test checks on its page once it is drawn: the steps' own words say what. */
const THEN: Partial<Record<string, { title: string; check: (page: Page) => Promise<void> }>> = {
  energy: { title: "every KPI explains itself: definition, formula, unit, thresholds and as-of", check: (p) => kpiExplainsItself(p) },
  transport: { title: "a click on a trend puts the time cursor there and the KPIs follow it", check: (p) => trendClickMovesCursor(p) },
  health: { title: "an asset bar click selects the asset on the map and the map zooms to it", check: (p) => assetBarSelects(p) },
};

// Every department of the registry, logistics included: a new domain is checked as energy is.
for (const dept of DOMAINS) {
  test(`/${dept} draws its map, KPIs with units and as-of, and at least six panels with data`, async ({ page, baseURL }) => {
    const watch = watchPage(page, baseURL ?? "");
    await page.goto(`/${dept}`);
    await ready(page);
    const panels = page.locator(`[data-testid^="dept-panel-"]`);
    expect(await panels.count()).toBeGreaterThanOrEqual(6);
    // Every panel says when its data is from, and holds rows of numbers (its data table is filled).
    for (const p of await panels.all()) {
      await expect(p.locator("time").first()).toBeVisible();
      await expect(p.locator("details.data-table summary")).toHaveText(/\((?!0\))\d+\)/);
    }
    await expect(page.getByTestId(TEST_IDS.mapRoot)).not.toHaveAttribute("data-choropleth-count", "0");
    expect(watch.outside).toEqual([]);
    expect(watch.errors).toEqual([]);
    // Checks that need a department page of their own use this one (each page load draws a map).
    const then = THEN[dept];
    if (then) await test.step(then.title, () => then.check(page));
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
  // Two tabs each draw a map on SwiftShader: ~40 s on a quiet 2-core machine, more on a busy one.
  test.setTimeout(120_000);
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
  // The choropleth's key is the KPI's own levels (bed occupancy: warning 90 %, critical 95 %),
  // not the range the districts span at the cursor...
  const key = page.getByTestId(TEST_IDS.mapScale);
  await expect(key).toHaveAttribute("data-scale", "levels");
  await expect(key.locator("li")).toHaveCount(3);
  await expect(key).toContainText(/< ?90.*90.*95.*≥ ?95/s);
  const legend = await key.innerText();
  await page.getByTestId(DEPT_IDS.live).click();
  await expect(page).not.toHaveURL(/at=/);
  await expect(page.getByTestId(DEPT_IDS.timeControl)).toHaveAttribute("data-cursor", "live");
  // ...so it reads the same once the map shows other values (live again).
  await expect.poll(async () => JSON.stringify(await tableRows(page, "hospitals"))).toBe(JSON.stringify(live));
  expect(await key.innerText()).toBe(legend);
});

/**
 * Every KPI explains itself: definition, formula, unit, thresholds and as-of (energy's load, on
 * the /energy test's page load: a page of its own cost a map load for one dialog).
 */
async function kpiExplainsItself(page: Page): Promise<void> {
  await page.getByTestId(DEPT_IDS.kpiStrip).getByTestId(explainTestId("energy.load")).click();
  const dialog = page.getByTestId(DEPT_IDS.kpiStrip).locator(`[data-testid="${DEPT_IDS.explainDialog}"][open]`);
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(/MW/);
  await expect(dialog).toContainText(/sum/i);
  await expect(dialog).toContainText(/24[,.]?000/);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
}

/** A download's bytes. */
async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent("download"), click()]);
  return { name: file.suggestedFilename(), bytes: Buffer.concat(await (await file.createReadStream()).toArray()) };
}

test("exports are report-grade and the chosen comparison reads: trend change, CSV, its CSVW sidecar, a captioned PNG and print", async ({ page, request }) => {
  // A pinned cursor in a 24-hour window compared with the previous 24 hours: file, image and API
  // describe the same instant, and the backfilled history holds the compared day.
  // Five downloads after panels load: ~30 s on a quiet machine, ~2 min on a busy 2-core one.
  test.setTimeout(180_000);
  const at = "2026-07-15T01:00:00.000Z";
  await page.goto(`/energy?range=24h&compare=previous&district=futian&at=${at}`);
  // The map plays no part here: the KPIs and panels are what the exports read.
  await expect(page.getByTestId(DEPT_IDS.kpiStrip)).toContainText(/\d/, { timeout: 45_000 });

  // The trend's change says on screen what it compares with (the KPI strip's words are the same
  // function's, unit-tested in comparison.test.ts and panel.test.tsx).
  await expect(page.getByTestId(deptPanelTestId("load")).getByTestId("trend-note")).toContainText(/latest [▲▼±].*vs previous period/, { timeout: 45_000 });

  // CSV: byte-order mark, header first (no # lines), city time with its offset, values rounded.
  const csv = await downloaded(page, () => page.getByTestId(exportTestId("csv", "feeders")).click());
  expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = csv.bytes.toString("utf8").slice(1);
  expect(text).not.toMatch(/^#/m);
  expect(text.split("\r\n")[0]).toMatch(/^asset,name,district,/);
  expect(text).toMatch(/,2026-07-15 \d\d:\d\d:\d\d\+08:00\r\n/);
  const api = await (await request.get(`/api/twin/v1/rank?type=Feeder&property=loading&at=${at}&district=futian&order=desc&limit=10`)).json();
  const first = api.items[0] as { assetId: string; value: number };
  expect(text).toContain(`${first.assetId},`);
  expect(text).toContain(`,${Number(first.value.toFixed(1))},`);

  // Its metadata sidecar (CSV on the Web), beside the data table, says what the numbers are.
  await page.getByTestId(deptPanelTestId("feeders")).locator("details.data-table summary").click();
  const meta = await downloaded(page, () => page.getByTestId(exportTestId("metadata", "feeders")).click());
  expect(meta.name).toBe(`${csv.name}-metadata.json`);
  expect(JSON.parse(meta.bytes.toString("utf8"))).toMatchObject({
    "@context": "http://www.w3.org/ns/csvw",
    url: csv.name,
    "twinops:district": "futian",
    "twinops:comparison": "vs previous period",
    "twinops:data": expect.stringMatching(/^simulated/),
  });

  // PNG: the caption is drawn above the chart and written into the file's text chunks.
  const trend = page.getByTestId(deptPanelTestId("load"));
  await trend.locator("figure").scrollIntoViewIfNeeded();
  const canvas = trend.locator("canvas").first();
  await expect(canvas).toBeVisible();
  const png = await downloaded(page, () => trend.getByTestId(exportTestId("png", "load")).click());
  const { width, height, text: chunks } = readPng(new Uint8Array(png.bytes));
  const box = (await canvas.boundingBox())!;
  expect(width).toBeGreaterThanOrEqual(Math.floor(box.width * 2));
  expect(height).toBeGreaterThan(Math.ceil(box.height * 2) + 80);
  expect(chunks.Title).toMatch(/Futian/);
  expect(chunks.Description).toMatch(/^Period: .+ \(GMT\+8\) · vs previous period\nUnit: MW · Source: .+ · as of /);
  expect(chunks.Warning).toBe("Simulated data");

  // On paper: a header naming the view, no controls.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByTestId(DEPT_IDS.printHeader)).toBeVisible();
  await expect(page.getByTestId(DEPT_IDS.printHeader)).toContainText(/Futian.*Period:.*vs previous period/);
  await expect(page.getByTestId(DEPT_IDS.printHeader)).toContainText("Simulated data");
  await expect(page.getByTestId(DEPT_IDS.cursor)).toBeHidden();
  await page.emulateMedia({ media: "screen" });
  await expect(page.getByTestId(DEPT_IDS.printHeader)).toBeHidden();
});

/** Clicks inside the first category band of a panel's horizontal bar chart. */
async function clickFirstBar(page: Page, panelId: string): Promise<void> {
  // Charts draw once scrolled into sight, and mouse clicks land at viewport coordinates.
  await page.getByTestId(deptPanelTestId(panelId)).locator("figure").scrollIntoViewIfNeeded();
  const canvas = page.getByTestId(deptPanelTestId(panelId)).locator("canvas").first();
  await expect(canvas).toBeVisible();
  const box = (await canvas.boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.6, box.y + 18);
}

test("a district bar click filters every panel; clicking it again clears the filter", async ({ page }) => {
  await page.goto("/energy");
  await ready(page);
  const first = (await tableRows(page, "ev-districts"))[0]![0]!;
  const ranked = await tableRows(page, "feeders");
  await clickFirstBar(page, "ev-districts");
  await expect(page).toHaveURL(new RegExp(`district=${first}`));
  await expect(page.getByTestId(DEPT_IDS.districtFilter)).toHaveAttribute("data-district", first);
  await expect.poll(async () => JSON.stringify(await tableRows(page, "feeders"))).not.toBe(JSON.stringify(ranked));
  // Every ranked feeder now lies in that district.
  for (const row of await tableRows(page, "feeders")) expect(row[2]).toBe(first);
  await expect(page.getByTestId(DEPT_IDS.kpiStrip)).not.toContainText("Whole city");
  await clickFirstBar(page, "ev-districts");
  await expect(page).not.toHaveURL(/district=/);
});

/** An asset bar click selects the asset on the map and the map zooms to it (on the /health test's page load). */
async function assetBarSelects(page: Page): Promise<void> {
  const first = (await tableRows(page, "hospitals"))[0]![0]!;
  await clickFirstBar(page, "hospitals");
  await expect(page).toHaveURL(new RegExp(`asset=${first.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  const map = page.getByTestId(TEST_IDS.mapRoot).locator("..");
  await expect(map).toHaveAttribute("data-selected-asset", first);
  const card = page.getByTestId(DEPT_IDS.mapSelection);
  await expect(card).toHaveAttribute("data-asset", first);
  await expect(card.getByRole("link")).toHaveAttribute("href", new RegExp(`^/assets/${first.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
}

/** A click on a trend puts the time cursor there and the KPIs follow it (on the /transport test's page load). */
async function trendClickMovesCursor(page: Page): Promise<void> {
  const before = await page.getByTestId(DEPT_IDS.kpiStrip).innerText();
  await page.getByTestId(deptPanelTestId("congestion")).locator("figure").scrollIntoViewIfNeeded();
  const canvas = page.getByTestId(deptPanelTestId("congestion")).locator("canvas").first();
  await expect(canvas).toBeVisible();
  const box = (await canvas.boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.35, box.y + box.height * 0.5);
  await expect(page).toHaveURL(/at=/);
  await expect(page.getByTestId(DEPT_IDS.timeControl)).not.toHaveAttribute("data-cursor", "live");
  await expect.poll(async () => page.getByTestId(DEPT_IDS.kpiStrip).innerText()).not.toBe(before);
}

test("the comparison adds last week's curve to the trend data", async ({ page }) => {
  await page.goto("/energy?compare=week");
  await ready(page);
  const rows = await tableRows(page, "load");
  // time, city, forecast, same weekday last week: the last week's values are numbers.
  const lastWeek = rows.map((r) => r[3]).filter((v) => v !== "" && v !== undefined);
  expect(lastWeek.length).toBeGreaterThan(rows.length / 2);
});

test("the asset page shows every datastream with its latest value, unit and as-of, and its alerts", async ({ page, request }) => {
  const api = await (await request.get("/api/twin/v1/rank?type=Feeder&property=loading&limit=1")).json();
  const id = api.items[0].assetId as string;
  await page.goto(`/assets/${id}`);
  const root = page.getByTestId(DEPT_IDS.assetPage);
  await expect(root.locator("main h1")).toContainText(/Feeder/);
  await expect(root.locator("section[aria-label]").filter({ hasText: "Loading" })).toContainText(/\d+(\.\d+)?\s*%/);
  await expect(root.locator("canvas").first()).toBeVisible();
  await expect(root).toContainText(/as of/);
  expect((await page.request.get("/assets/urn:ngsi-ld:Feeder:shenzhen:nope")).status()).toBe(404);
});

test("the district page shows every department for the district and links into each", async ({ page }) => {
  await page.goto("/districts/futian");
  const root = page.getByTestId(DEPT_IDS.districtPage);
  await expect(root.locator("main h1")).toContainText("Futian");
  for (const d of DOMAINS) {
    // The department's own section links in, and so does its scorecard row (the district against the city).
    await expect(root.locator(`a[href^="/${d}?district=futian"]`).first()).toBeVisible();
  }
  await expect(root.getByTestId("kpi-energy.load")).toContainText(/MW/);
  expect((await page.request.get("/districts/atlantis")).status()).toBe(404);
});
