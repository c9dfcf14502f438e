import { expect, test } from "@playwright/test";
import { pixelDiff } from "./helpers";
import { TEST_IDS, layerToggleTestId } from "@/lib/test-ids";

test.beforeEach(async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId(TEST_IDS.mapRoot)).toHaveAttribute("data-map-loaded", "true", { timeout: 45_000 });
});

test("the legend counts each domain's assets and a toggle hides that layer from the drawn map", async ({ page }) => {
  const legend = page.getByTestId(TEST_IDS.mapLegend);
  // Counts come from the twin's inventory (thousands of assets), not placeholders.
  await expect(legend).toContainText(/Energy\s*1,?\d{3}/);
  const map = page.getByTestId(TEST_IDS.mapRoot);
  // Let the live layer settle, then compare what is drawn with and without the energy layer.
  await page.waitForTimeout(1500);
  const before = await map.screenshot({ animations: "disabled" });
  await page.getByTestId(layerToggleTestId("energy")).uncheck();
  await page.waitForTimeout(800);
  const after = await map.screenshot({ animations: "disabled" });
  expect(pixelDiff(before, after)).toBeGreaterThan(0.01);
  await page.getByTestId(layerToggleTestId("energy")).check();
  await page.waitForTimeout(800);
  const again = await map.screenshot({ animations: "disabled" });
  expect(pixelDiff(before, again)).toBeLessThan(pixelDiff(before, after));
});

test("an asset picked from the keyboard list opens a popup with its latest values, units and as-of", async ({ page }) => {
  await page.getByText(/Map features as a list/).click();
  const first = page.getByTestId(TEST_IDS.mapList).getByRole("button").first();
  await first.focus();
  await page.keyboard.press("Enter");
  const popup = page.getByTestId(TEST_IDS.mapPopup);
  await expect(popup).toBeVisible();
  await expect(popup).toContainText(/as of/i);
  // Latest values are numbers with their unit, e.g. "95.2 %" or "182 µg/m³".
  await expect(popup.locator("table")).toContainText(/\d[\d,.]*\s*(%|MW|µg\/m³|dB|km\/h|min|A)/);
});

test("live ticks restyle assets through feature-state and never re-send an unchanged asset source", async ({ page }) => {
  test.setTimeout(90_000);
  const map = page.getByTestId(TEST_IDS.mapRoot);
  const counters = async () => ({
    setData: Number(await map.getAttribute("data-setdata-count")),
    featureState: Number(await map.getAttribute("data-feature-state-updates")),
  });
  let assetAnswers = 0;
  page.on("response", (r) => {
    if (r.url().includes("/api/twin/v1/assets?")) assetAnswers++;
  });
  const atLoad = await counters();
  // Each of the four asset sources got its collection once.
  expect(atLoad.setData).toBeGreaterThanOrEqual(4);
  expect(atLoad.setData).toBeLessThanOrEqual(8);
  // The e2e server ticks every 5 s and an alert refetches its domain's assets, but alerts are
  // rare; a focus event (SWR revalidates on focus, at most every 5 s) makes sure the asset
  // answers really come back during the window, so the test sees refetches with unchanged sets.
  for (let i = 0; i < 2; i++) {
    await page.waitForTimeout(5_200);
    await page.evaluate(() => window.dispatchEvent(new Event("focus")));
  }
  await page.waitForTimeout(1_500);
  const after = await counters();
  test.info().annotations.push({
    type: "figures",
    description: `asset answers ${assetAnswers}, setData ${atLoad.setData}->${after.setData}, feature-state updates ${atLoad.featureState}->${after.featureState}`,
  });
  // Status changes travel as feature-state; a whole source goes again only if its set changed.
  expect(after.setData - atLoad.setData).toBeLessThanOrEqual(4);
  expect(after.featureState).toBeGreaterThanOrEqual(atLoad.featureState);
  expect(assetAnswers).toBeGreaterThanOrEqual(4);
  expect(after.setData - atLoad.setData).toBeLessThan(assetAnswers);

  // A status-only change (what an alert does to an asset) restyles through feature-state: make
  // the next energy answer say its first asset went critical, everything else the same.
  await page.route(/\/api\/twin\/v1\/assets\?.*domain=energy/, async (route) => {
    const res = await route.fetch();
    const body = (await res.json()) as { features: { properties: { status: string } }[] };
    const first = body.features[0];
    if (first) first.properties.status = first.properties.status === "critical" ? "normal" : "critical";
    await route.fulfill({ response: res, json: body });
  });
  await page.waitForTimeout(5_200);
  await page.evaluate(() => window.dispatchEvent(new Event("focus")));
  await expect.poll(async () => (await counters()).featureState).toBeGreaterThan(after.featureState);
  expect((await counters()).setData).toBe(after.setData);
});
