import { expect, test } from "@playwright/test";
import { colourStats, layoutProblems, meanLuminance, watchPage } from "./helpers";
import { cityGrid } from "@/lib/config/boards";
import { TEST_IDS, panelTestId } from "@/lib/test-ids";
import { ACTIVE_ALERTS } from "@/lib/views/overview/view";
import { alertsKey } from "@/lib/twin-client/keys";
import { DOMAINS, type Domain } from "@/lib/twin/types";

for (const size of [
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
]) {
  test.describe(`wall at ${size.width}x${size.height}`, () => {
    test.use({ viewport: size });

    // The city board at these sizes (filled exactly, every panel drawn, no errors) is checked
    // with its type sizes in wall-control-room.spec.ts, on the same page load.

    test("a domain board fits too", async ({ page }) => {
      await page.goto("/wall/health");
      await expect(page.getByTestId(panelTestId("health")).locator("canvas").first()).toBeVisible();
      await expect(page.getByTestId(TEST_IDS.mapRoot)).toHaveAttribute("data-map-loaded", "true", { timeout: 45_000 });
      expect(await layoutProblems(page)).toEqual([]);
    });
  });
}

test("a domain board lists and maps its own domain's alerts only, the city board every domain's, also as the wall rotates", async ({ page, request }) => {
  const totalOf = async (domain?: Domain) =>
    ((await (await request.get(alertsKey(domain ? { ...ACTIVE_ALERTS, domain } : ACTIVE_ALERTS))).json()) as { total: number }).total;
  const panel = page.getByTestId(panelTestId("alerts"));
  // Alerts come and go while the test runs: compare with the API until both agree.
  const agrees = async (count: () => Promise<string | null>, domain: Domain | undefined, timeout: number) =>
    expect(async () => expect(await count()).toBe(String(await totalOf(domain)))).toPass({ timeout });
  const showsOnly = async (domain?: Domain, timeout = 20_000) => {
    await agrees(() => panel.getByTestId(TEST_IDS.alertCount).textContent(), domain, timeout);
    // The map's alert layer counts the same alerts.
    await agrees(() => page.locator('[data-wall-panel="map"] [data-layer="alerts"] .tabular').textContent(), domain, timeout);
    if (!domain) return;
    const shown = await panel.getByTestId(TEST_IDS.alertItem).evaluateAll((els) => els.map((e) => e.getAttribute("data-domain")));
    expect(shown.every((d) => d === domain), `alerts of other domains on the ${domain} board: ${shown.join(",")}`).toBe(true);
  };
  for (const domain of ["construction", "transport"] as const) {
    await page.goto(`/wall/${domain}`);
    await showsOnly(domain);
  }
  // A rotating wall keeps its alert list and map across boards: each board shows its own at once
  // (not after the next poll, 30 s and more away).
  await page.goto("/wall/city?rotate=city,construction&every=10s");
  const root = page.getByTestId(TEST_IDS.wallRoot);
  for (let i = 0; i < 2; i++) {
    const board = (await root.getAttribute("data-board")) === "city" ? "construction" : "city";
    await expect(root).toHaveAttribute("data-board", board, { timeout: 15_000 });
    await showsOnly(board === "city" ? undefined : "construction", 3_000);
  }
});

test("a domain board loads every layer its wall may read, hidden: the one map a wall keeps across its boards can then draw the city board", async ({ page }) => {
  await page.goto("/wall/energy");
  const map = page.getByTestId(TEST_IDS.mapRoot);
  await expect(map).toHaveAttribute("data-map-loaded", "true", { timeout: 45_000 });
  await expect(map).toHaveAttribute("data-sources-fed", ["alerts", ...DOMAINS.map((d) => `assets-${d}`)].sort().join(" "));
  // Only the board's own layer shows in its legend.
  await expect(page.locator('[data-wall-panel="map"] [data-layer]')).toHaveCount(2);
});

test.describe("a wall PC set to a light theme", () => {
  test.use({ colorScheme: "light" });
  test("still shows a dark wall, its map included", async ({ page }) => {
    await page.goto("/wall/health");
    await expect(page.getByTestId(TEST_IDS.mapRoot)).toHaveAttribute("data-map-loaded", "true", { timeout: 45_000 });
    // The light basemap is mostly near-white land and pale sea (mean luminance ≈ 0.8).
    await expect.poll(async () => meanLuminance(await page.getByTestId(TEST_IDS.mapRoot).screenshot()), { timeout: 10_000 }).toBeLessThan(0.3);
    // Status colours are the dark theme's (the light theme's accent is #1a64b4).
    await expect(page.getByTestId(TEST_IDS.simulatedBadge)).toHaveCSS("color", "rgb(106, 168, 232)");
  });
});

test.describe("wall at 7680x4320 (8K)", () => {
  test.use({ viewport: { width: 7680, height: 4320 } });

  test("the city board fits exactly and its type scales with the screen", async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto("/wall/city");
    await expect(page.getByTestId(TEST_IDS.wallRoot)).toHaveAttribute("data-board", "city");
    for (const d of DOMAINS) await expect(page.getByTestId(panelTestId(d)).locator("canvas").first()).toBeVisible({ timeout: 60_000 });
    const font = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    expect(font).toBeCloseTo(4320 / 54, 0);
    expect(await layoutProblems(page)).toEqual([]);
  });
});

test.describe("wall runtime", () => {
  test.use({ viewport: { width: 1920, height: 1080 } });

  test("rotates boards without reloading the page and keeps the one map", async ({ page, baseURL }) => {
    const watch = watchPage(page, baseURL!);
    await page.goto("/wall/city?rotate=city,energy,health&every=5s");
    const root = page.getByTestId(TEST_IDS.wallRoot);
    await expect(page.getByTestId(TEST_IDS.mapRoot)).toHaveAttribute("data-map-loaded", "true", { timeout: 45_000 });
    await page.evaluate(() => {
      (window as unknown as { wallMarker: number }).wallMarker = 1;
      (document.querySelector("[data-testid=map-root] canvas") as unknown as { wallMarker: number }).wallMarker = 1;
    });
    const seen = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const before = await root.getAttribute("data-board");
      seen.add(before ?? "");
      await expect(root).not.toHaveAttribute("data-board", before ?? "", { timeout: 8_000 });
    }
    seen.add((await root.getAttribute("data-board")) ?? "");
    expect([...seen].sort()).toEqual(["city", "energy", "health"]);
    // Same document, same map canvas (no new WebGL context per board).
    const same = await page.evaluate(() => ({
      page: (window as unknown as { wallMarker?: number }).wallMarker,
      canvas: (document.querySelector("[data-testid=map-root] canvas") as unknown as { wallMarker?: number } | null)?.wallMarker,
    }));
    expect(same).toEqual({ page: 1, canvas: 1 });
    expect(watch.errors, "console errors").toEqual([]);
  });

  test("a cut shows the banner and stale marks within seconds, and heals without a reload", async ({ page, context }) => {
    // A full wall load (its map included), the cut and the heal: the other wall tests that wait
    // for the map have this budget too.
    test.setTimeout(120_000);
    await page.goto("/wall/city");
    await expect(page.getByTestId(TEST_IDS.connectionState)).toHaveAttribute("data-state", "live", { timeout: 30_000 });
    await page.evaluate(() => ((window as unknown as { wallMarker: number }).wallMarker = 1));
    const energy = page.getByTestId(panelTestId("energy"));
    await expect(energy).toHaveAttribute("data-stale", "false");
    // The cut comes to a wall that is up: its map too, whose code loads after the stream is live
    // (a cut before that leaves a map panel that failed to load, with no figures to keep).
    await expect(page.getByTestId(TEST_IDS.mapRoot)).toHaveAttribute("data-map-loaded", "true", { timeout: 45_000 });
    await expect(page.getByTestId(TEST_IDS.mapAsOf)).toHaveAttribute("data-stale", "false");

    await page.route("**/api/twin/v1/**", (route) => route.abort("internetdisconnected"));
    await context.setOffline(true);
    const cutAt = Date.now();
    const banner = page.getByTestId(TEST_IDS.wallBanner);
    // Two refresh intervals of the fastest panel (2 x 30 s) is the limit; it is much quicker.
    await expect(banner).toBeVisible({ timeout: 60_000 });
    await expect(energy).toHaveAttribute("data-stale", "true");
    await expect(page.getByTestId(panelTestId("alerts"))).toHaveAttribute("data-stale", "true");
    await expect(page.getByTestId(TEST_IDS.mapAsOf)).toHaveAttribute("data-stale", "true");
    // The last good figures stay on screen.
    await expect(energy.locator("canvas").first()).toBeVisible();
    console.log(`banner after ${Date.now() - cutAt} ms`);

    await page.unroute("**/api/twin/v1/**");
    await context.setOffline(false);
    await expect(banner).toBeHidden({ timeout: 60_000 });
    await expect(page.getByTestId(TEST_IDS.connectionState)).toHaveAttribute("data-state", "live");
    await expect(energy).toHaveAttribute("data-stale", "false", { timeout: 30_000 });
    expect(await page.evaluate(() => (window as unknown as { wallMarker?: number }).wallMarker)).toBe(1);
  });

  test("a lost WebGL context brings the map back, restored or not", async ({ page }) => {
    await page.goto("/wall/city");
    const map = page.getByTestId(TEST_IDS.mapRoot);
    await expect(map).toHaveAttribute("data-map-loaded", "true", { timeout: 45_000 });
    const section = page.locator("[data-context-losses]");

    const lose = (restore: boolean) =>
      page.evaluate((r) => {
        const canvas = document.querySelector<HTMLCanvasElement>("[data-testid=map-root] canvas")!;
        const gl = (canvas.getContext("webgl2") ?? canvas.getContext("webgl"))!;
        const ext = gl.getExtension("WEBGL_lose_context")!;
        ext.loseContext();
        if (r) setTimeout(() => ext.restoreContext(), 500);
      }, restore);

    // The browser gives the context back: MapLibre redraws in place.
    await lose(true);
    await expect(section).toHaveAttribute("data-context-losses", "1");
    await expect(map).toHaveAttribute("data-context-lost", "false", { timeout: 10_000 });
    await expect(section).toHaveAttribute("data-map-generation", "0");
    // MapLibre rebuilt its style from a snapshot, dropping feature-state: the map re-applied it
    // and keeps feeding (a map that stopped here would look live and be frozen).
    await expect(map).toHaveAttribute("data-state-resyncs", "1", { timeout: 10_000 });

    // It never does: the wall replaces the map with a new canvas.
    await lose(false);
    await expect(section).toHaveAttribute("data-context-losses", "2");
    await expect(section).toHaveAttribute("data-map-generation", "1", { timeout: 20_000 });
    await expect(page.getByTestId(TEST_IDS.mapRoot)).toHaveAttribute("data-map-loaded", "true", { timeout: 45_000 });
    // A drawn basemap, not a blank canvas.
    await expect.poll(async () => colourStats(await page.getByTestId(TEST_IDS.mapRoot).screenshot()).distinct, { timeout: 10_000 }).toBeGreaterThan(8);
  });

  test("a multi-screen tile shows its part of the board", async ({ page }) => {
    await page.goto("/wall/city?tiles=2x1&tile=1,0");
    // The city board's top row ends with a domain cell (transport of four or five domains).
    const corner = page.getByTestId(panelTestId(cityGrid(DOMAINS).areas[0].split(" ").at(-1) as Domain));
    await expect(corner).toBeVisible();
    const box = await corner.boundingBox();
    // The right half of a board twice the screen's width: that cell sits at the right edge of this screen.
    expect(box!.x + box!.width).toBeGreaterThan(1900);
    expect(box!.x).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(1920);
  });

  test("the board list links every board", async ({ page }) => {
    await page.goto("/wall");
    const list = page.getByTestId(TEST_IDS.wallBoardList);
    for (const id of ["city", ...DOMAINS]) await expect(list.locator(`a[href^="/wall/${id}"]`)).toHaveCount(1);
    expect((await page.request.get("/wall/nope")).status()).toBe(404);
  });
});
