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
