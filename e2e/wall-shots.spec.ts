import { expect, test, type Page } from "@playwright/test";
import { TEST_IDS } from "@/lib/test-ids";
import { DOMAINS } from "@/lib/twin/types";

/**
 * Screenshots of every board for people to look at (issue 17); they assert only that the board
 * drew, which the wall specs check already, so they run only when asked:
 *   WALL_SHOTS_DIR=/tmp/wallshots npx playwright test e2e/wall-shots.spec.ts
 */

const BOARDS = ["city", ...DOMAINS];

/**
 * The board is drawn: its map has rendered style, data and tiles ("idle"; a tile of a multi-screen
 * wall holds the whole board, translated), and the fonts are in.
 */
async function drawn(page: Page): Promise<void> {
  await expect(page.getByTestId(TEST_IDS.mapRoot)).toHaveAttribute("data-map-loaded", "true", { timeout: 60_000 });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}
const SHOTS = process.env.WALL_SHOTS_DIR ?? "";
test.skip(!SHOTS, "screenshots for people: set WALL_SHOTS_DIR to take them");

for (const size of [
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
]) {
  test.describe(`wall screenshots at ${size.width}x${size.height}`, () => {
    test.use({ viewport: size });
    for (const board of BOARDS) {
      test(board, async ({ page }) => {
        test.setTimeout(120_000);
        await page.goto(`/wall/${board}`);
        await drawn(page);
        await page.screenshot({ path: `${SHOTS}/${board}-${size.width}x${size.height}.png` });
      });
    }
    test("the city board in Chinese", async ({ page }) => {
      await page.goto("/wall/city?lang=zh");
      await drawn(page);
      await page.screenshot({ path: `${SHOTS}/city-zh-${size.width}x${size.height}.png` });
    });
    test("a 2x2 tile", async ({ page }) => {
      await page.goto("/wall/city?tiles=2x2&tile=1,0");
      await drawn(page);
      await page.screenshot({ path: `${SHOTS}/city-tile10-${size.width}x${size.height}.png` });
    });
  });
}
