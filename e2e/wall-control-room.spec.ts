import { expect, test, type Page } from "@playwright/test";
import { layoutProblems, watchPage } from "./helpers";
import { TEST_IDS, panelTestId } from "@/lib/test-ids";
import { ACTIVE_ALERTS, HEADLINE_KPIS } from "@/lib/views/overview/view";
import { alertsKey } from "@/lib/twin-client/keys";
import type { AlertsQuery } from "@/lib/twin-client/schemas";
import { ALERT_SEVERITIES, DOMAINS } from "@/lib/twin/types";

/**
 * The control-room wall of issue 17 (items 1–4): the city board drawn whole and sized to be read
 * at 5 m on 1080p, 4K and a 2×2 tile (one page load each); the alarm strip against the API on every board, rotation included; "+N more"; the
 * acknowledged look with its comment; a dimmed board when data stops, with words for the cause.
 */

/** Retries `check` until it passes, then rethrows its last failure (toPass hides the assertion). */
async function eventually(check: () => Promise<void>, timeout: number): Promise<void> {
  const end = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > end) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** Every domain's headline KPI (the first of its cell), from the registry. */
const HEADLINES = DOMAINS.map((d) => HEADLINE_KPIS[d][0]!);

/**
 * Font size and glyph box of each headline number, the smallest label text on the board (px),
 * the texts of the domain cells and panel titles cut short (ellipsis), and the board's cells that
 * show nothing.
 */
async function measure(page: Page) {
  return page.evaluate(
    (ids) => {
      const px = (el: Element) => parseFloat(getComputedStyle(el).fontSize);
      const headlines = ids.map((id) => {
        const el = document.querySelector(`[data-testid="kpi-${id}"]`);
        return el ? { id, font: px(el), height: el.getBoundingClientRect().height } : { id, font: 0, height: 0 };
      });
      const labels = [
        ...document.querySelectorAll(
          ".wall-kpi dt, [data-wall-panel] h2, [data-wall-panel] h3, [data-testid=alarm-strip] li span, [data-testid=alert-item] p",
        ),
      ]
        .filter((el) => (el.textContent ?? "").trim() !== "" && el.getClientRects().length > 0)
        .map(px);
      const onScreen = (el: Element) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight;
      };
      const cut = [...document.querySelectorAll("[data-wall-panel]:not([data-wall-panel=map]):not([data-wall-panel=alerts]) *, [data-wall-panel] h2")]
        .filter((el) => onScreen(el) && getComputedStyle(el).textOverflow === "ellipsis" && el.scrollWidth > el.clientWidth + 1)
        .map((el) => `${el.closest("[data-wall-panel]")?.getAttribute("data-wall-panel")}: "${(el.textContent ?? "").trim()}"`);
      const blank = [...document.querySelectorAll<HTMLElement>("[data-wall-panel]")]
        .filter((el) => onScreen(el) && (el.innerText ?? "").trim() === "" && !el.querySelector("canvas"))
        .map((el) => el.dataset.wallPanel);
      return { headlines, smallestLabel: Math.min(...labels), cut, blank };
    },
    HEADLINES,
  );
}

/**
 * The city board fills one screen exactly (one wall unit is 1/54 of its height), draws the map
 * and every panel, says how old each panel's figures are, and logs no errors nor asks another host.
 */
async function boardDrawn(page: Page, height: number, width: number, watch: { errors: string[]; outside: string[] }) {
  await expect(page.getByTestId(TEST_IDS.wallRoot)).toHaveAttribute("data-board", "city");
  await expect(page.getByTestId(TEST_IDS.simulatedBadge)).toBeVisible();
  for (const d of DOMAINS) await expect(page.getByTestId(panelTestId(d)).locator("canvas").first()).toBeVisible();
  for (const id of [...DOMAINS, "alerts" as const]) await expect(page.getByTestId(panelTestId(id)).locator("time").first()).toContainText(/\d\d:\d\d/);
  await expect(page.getByTestId(TEST_IDS.mapAsOf)).toContainText(/\d\d:\d\d/);
  const font = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  expect(font).toBeCloseTo(height / 54, 0);
  await page.screenshot({ path: `shots/wall-e2e-city-${width}x${height}.png` });
  expect(watch.outside, "requests to other hosts").toEqual([]);
  expect(watch.errors, "console errors").toEqual([]);
}

for (const v of [
  { name: "1080p", width: 1920, height: 1080, path: "/wall/city", screen: 1080 },
  { name: "4K", width: 3840, height: 2160, path: "/wall/city", screen: 2160 },
  // One 1080p screen of a 2×2 wall: the right half of the top row shows energy and transport.
  { name: "2x2 tile", width: 1920, height: 1080, path: "/wall/city?tiles=2x2&tile=1,0", screen: 1080 },
]) {
  test.describe(`wall sizes at ${v.name}`, () => {
    test.use({ viewport: { width: v.width, height: v.height } });
    test("headline numbers are at least 6 % of the screen height, labels at least 1.8 %, nothing cut", async ({ page, baseURL }) => {
      test.setTimeout(150_000);
      const watch = watchPage(page, baseURL!);
      await page.goto(v.path);
      for (const id of v.name === "2x2 tile" ? HEADLINES.slice(0, 2) : HEADLINES) await expect(page.getByTestId(`kpi-${id}`)).toBeVisible();
      await expect(page.getByTestId(TEST_IDS.mapRoot)).toHaveAttribute("data-map-loaded", "true", { timeout: 60_000 });
      if (v.name !== "2x2 tile") await boardDrawn(page, v.height, v.width, watch);
      const m = await measure(page);
      const shown = m.headlines.filter((h) => h.font > 0);
      // Every domain's cell is drawn (a tile's off-screen ones too; its top right shows the first two).
      expect(shown.map((h) => h.id)).toEqual(HEADLINES);
      for (const h of shown) expect(h.font / v.screen, `${h.id} headline ${h.font}px`).toBeGreaterThanOrEqual(0.06);
      expect(m.smallestLabel / v.screen, `smallest label ${m.smallestLabel}px`).toBeGreaterThanOrEqual(0.0185);
      expect(m.cut, "texts cut short").toEqual([]);
      expect(m.blank, "cells showing nothing").toEqual([]);
      // A tile's panels are larger than on one screen: its numbers grow with them (the city
      // board's domain cells are a quarter of its width, so a tile's headline is ~13 % of the screen).
      if (v.name === "2x2 tile") for (const h of shown.slice(0, 2)) expect(h.font / v.screen).toBeGreaterThan(0.1);
      console.log(
        `[sizes ${v.name}] ${shown.map((h) => `${h.id} ${h.font.toFixed(0)}px (${((100 * h.font) / v.screen).toFixed(1)} %)`).join(", ")}; smallest label ${m.smallestLabel.toFixed(1)}px (${((100 * m.smallestLabel) / v.screen).toFixed(2)} %)`,
      );
      if (v.name !== "2x2 tile") expect(await layoutProblems(page)).toEqual([]);
    });
  });
}

test.describe("alarm strip", () => {
  test.use({ viewport: { width: 1920, height: 1080 } });

  /** The strip says what the API says, for the whole city, whatever the board. */
  async function stripAgrees(page: Page, request: import("@playwright/test").APIRequestContext, timeout = 20_000) {
    const total = async (q: Partial<AlertsQuery>) =>
      ((await (await request.get(alertsKey({ ...ACTIVE_ALERTS, ...q }))).json()) as { total: number }).total;
    const strip = page.getByTestId(TEST_IDS.alarmStrip);
    await eventually(async () => {
      const shown: Record<string, string | null> = {};
      const api: Record<string, string> = {};
      for (const sev of ALERT_SEVERITIES) {
        shown[sev] = await strip.locator(`li[data-severity=${sev}]`).getAttribute("data-count");
        api[sev] = String(await total({ severity: [sev] }));
      }
      shown.unacknowledged = await strip.getByTestId(TEST_IDS.alarmUnacknowledged).textContent();
      api.unacknowledged = String(await total({ state: ["open"] }));
      shown.acknowledged = await strip.getByTestId(TEST_IDS.alarmAcknowledged).textContent();
      api.acknowledged = String(await total({ state: ["acknowledged", "assigned"] }));
      expect(shown).toEqual(api);
    }, timeout);
  }

  test("counts the whole city's alarms on every board, the domain boards included, also as the wall rotates", async ({ page, request }) => {
    test.setTimeout(240_000);
    for (const board of ["city", ...DOMAINS]) {
      await page.goto(`/wall/${board}`);
      await stripAgrees(page, request);
    }
    // The energy board's own list holds energy alarms only; the strip still counts the city's.
    const cityMajor = Number(await page.getByTestId(TEST_IDS.alarmStrip).locator("li[data-severity=major]").getAttribute("data-count"));
    expect(cityMajor).toBeGreaterThan(0);
    await page.goto("/wall/city?rotate=city,energy,transport&every=5s");
    const root = page.getByTestId(TEST_IDS.wallRoot);
    for (let i = 0; i < 3; i++) {
      const before = (await root.getAttribute("data-board")) ?? "";
      await expect(root).not.toHaveAttribute("data-board", before, { timeout: 8_000 });
      await stripAgrees(page, request, 4_000);
    }
  });

  test("a new critical alarm flashes the strip, is named there, and sounds where the wall asks for sound", async ({ page }) => {
    test.setTimeout(120_000);
    // Count the tones the page synthesises (WebAudio oscillators; no sound file is fetched).
    await page.addInitScript(() => {
      const w = window as unknown as { wallTones: number };
      w.wallTones = 0;
      const create = AudioContext.prototype.createOscillator;
      AudioContext.prototype.createOscillator = function (this: AudioContext) {
        w.wallTones++;
        return create.call(this);
      };
    });
    await page.goto("/wall/energy?sound=on");
    const strip = page.getByTestId(TEST_IDS.alarmStrip);
    await expect(strip.locator("li[data-severity=critical]")).toHaveAttribute("data-count", /\d+/);
    await expect(strip).toHaveAttribute("data-flashing", "false");
    const before = Number(await strip.locator("li[data-severity=critical]").getAttribute("data-count"));
    // From now on the city's alarm list holds one more, critical, alarm of another domain.
    await page.route("**/api/twin/v1/alerts?**", async (route) => {
      const res = await route.fetch();
      const body = (await res.json()) as { features: { id: string; properties: Record<string, unknown> }[]; total: number };
      const first = body.features[0];
      if (first) {
        const start = new Date(Date.parse(String(first.properties.start)) + 60_000).toISOString();
        const description = { en: "Futian Hospital 2 ICU occupancy 99 % above 98 %", zh: "福田医院2 重症监护床位使用率 99%，超过 98%" };
        const props = {
          ...first.properties,
          id: "e2e-critical",
          domain: "health",
          severity: "critical",
          start,
          description,
          state: "open",
          acknowledgedBy: null,
          acknowledgedAt: null,
          comment: null,
        };
        body.features.unshift({ ...first, id: "e2e-critical", properties: props });
        body.total += 1;
      }
      await route.fulfill({ response: res, json: body });
    });
    // The wall polls its alarms every 30 s (and on every alert event).
    await expect(strip).toHaveAttribute("data-flashing", "true", { timeout: 45_000 });
    await expect(strip.locator("li[data-severity=critical]")).toHaveAttribute("data-count", String(before + 1));
    await expect(strip.getByTestId(TEST_IDS.alarmNewestCritical)).toContainText("Futian Hospital 2 ICU occupancy 99 %");
    expect(await page.evaluate(() => (window as unknown as { wallTones: number }).wallTones)).toBeGreaterThan(0);
    // The energy board's own list still holds energy alarms only.
    const domains = await page
      .getByTestId(panelTestId("alerts"))
      .getByTestId(TEST_IDS.alertItem)
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-domain")));
    expect(domains.every((d) => d === "energy")).toBe(true);
    await page.screenshot({ path: "/tmp/wallshots/new-critical-1920x1080.png" });
  });

  test("a list that cannot show every alarm says how many more there are", async ({ page, request }) => {
    await page.goto("/wall/energy");
    const panel = page.getByTestId(panelTestId("alerts"));
    await expect(panel.getByTestId(TEST_IDS.alertItem).first()).toBeVisible();
    await eventually(async () => {
      const total = ((await (await request.get(alertsKey({ ...ACTIVE_ALERTS, domain: "energy" }))).json()) as { total: number }).total;
      const whole = await panel.getByTestId(TEST_IDS.alertList).evaluate((list) => {
        const b = list.getBoundingClientRect();
        return [...list.children].filter((c) => {
          const r = c.getBoundingClientRect();
          return r.bottom <= b.bottom + 0.5 && r.right <= b.right + 0.5;
        }).length;
      });
      const more = panel.getByTestId(TEST_IDS.alertMore);
      const hidden = (await more.count()) > 0 ? Number(await more.getAttribute("data-hidden")) : 0;
      expect(whole + hidden, `${whole} shown + ${hidden} more`).toBe(total);
      expect(hidden, "the 1080p energy list cannot show all of them").toBeGreaterThan(0);
      await expect(more).toContainText(`+${hidden} more`, { timeout: 1000 });
    }, 20_000);
  });

  test("an acknowledged alarm looks different on the wall and says who, when, and the comment", async ({ page, request }) => {
    test.setTimeout(120_000);
    // Unacknowledged alarms come first: the acknowledged one is shown on its domain's board, that
    // of the domain with the fewest active alarms (the city board's list ends in "+N more").
    // (Two open ones at least: the other shows the unacknowledged look beside it.)
    const total = async (q: Partial<AlertsQuery>) => ((await (await request.get(alertsKey({ ...ACTIVE_ALERTS, ...q }))).json()) as { total: number }).total;
    const totals = await Promise.all(DOMAINS.map(async (domain) => ({ domain, open: await total({ domain, state: ["open"] }), active: await total({ domain }) })));
    const domain = totals.filter((t) => t.open >= 2).sort((a, b) => a.active - b.active)[0]!.domain;
    await page.goto("/");
    const item = page
      .locator(`[data-testid=${TEST_IDS.alertItem}][data-domain=${domain}]`)
      .filter({ has: page.getByTestId("alert-action-acknowledge") })
      .first();
    const description = ((await item.locator("p").first().textContent()) ?? "").trim();
    await item.getByTestId("alert-action-acknowledge").click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel(/Comment/).fill("Field crew on the way, ETA 20 min");
    await dialog.getByTestId("alert-action-submit").click();
    await expect(dialog).toBeHidden();

    // The bottom right screen of a 2×2 wall: the domain board's alert list.
    await page.goto(`/wall/${domain}?tiles=2x2&tile=1,1`);
    const card = page.getByTestId(TEST_IDS.alertItem).filter({ hasText: description }).first();
    await expect(card).toBeInViewport();
    await expect(card).toHaveAttribute("data-acknowledged", "true");
    await expect(card.getByTestId("alert-workflow")).toContainText(/Acknowledged by admin at \d\d:\d\d/);
    await expect(card.getByTestId("alert-comment")).toContainText("Field crew on the way, ETA 20 min");
    const open = page.locator(`[data-testid=${TEST_IDS.alertItem}][data-acknowledged=false]`).first();
    const look = (el: import("@playwright/test").Locator) =>
      el.evaluate((e) => ({
        style: getComputedStyle(e).borderLeftStyle,
        opacity: getComputedStyle(e).opacity,
        bg: getComputedStyle(e).backgroundColor,
      }));
    const [acked, unacked] = [await look(card), await look(open)];
    expect(acked.style).toBe("dashed");
    expect(unacked.style).toBe("solid");
    expect(Number(acked.opacity)).toBeLessThan(Number(unacked.opacity));
    expect(acked.bg).not.toBe(unacked.bg);
    await expect(page.getByTestId(TEST_IDS.alarmAcknowledged)).not.toHaveText("0");
  });
});

test.describe("when data stops", () => {
  test.use({ viewport: { width: 1920, height: 1080 } });

  test("a lost stream alone says so and keeps the board bright; an unreachable service dims the board and shows the data's age in large type", async ({
    page,
  }) => {
    test.setTimeout(150_000);
    // Keep hold of the page's event streams, to drop them as a broken connection would.
    await page.addInitScript(() => {
      const Base = window.EventSource;
      const all: EventSource[] = [];
      (window as unknown as { wallStreams: EventSource[] }).wallStreams = all;
      window.EventSource = class extends Base {
        constructor(url: string | URL, init?: EventSourceInit) {
          super(url, init);
          all.push(this);
        }
      };
    });
    await page.goto("/wall/city");
    const root = page.getByTestId(TEST_IDS.wallRoot);
    const banner = page.getByTestId(TEST_IDS.wallBanner);
    const cover = page.getByTestId(TEST_IDS.wallStale);
    await expect(page.getByTestId(TEST_IDS.connectionState)).toHaveAttribute("data-state", "live", { timeout: 30_000 });

    // Only the event stream fails: the API still answers, figures refresh by polling.
    // (The open stream is dropped by hand; it cannot come back while its route fails.)
    await page.route("**/api/twin/v1/events**", (route) => route.abort("connectionreset"));
    await page.evaluate(() => {
      for (const es of (window as unknown as { wallStreams: EventSource[] }).wallStreams) {
        es.close();
        es.dispatchEvent(new Event("error"));
      }
    });
    await expect(banner).toBeVisible({ timeout: 60_000 });
    await expect(banner).toHaveAttribute("data-cause", "stream", { timeout: 30_000 });
    await expect(banner).toContainText("Live stream lost");
    await expect(cover).toHaveCount(0);
    await expect(root).toHaveAttribute("data-data-stopped", "false");

    // Now the whole service: the board dims and says how old its data is.
    await page.route("**/api/twin/v1**", (route) => route.abort("connectionrefused"));
    await expect(banner).toHaveAttribute("data-cause", "api", { timeout: 30_000 });
    await expect(banner).toContainText("Data service unreachable");
    await expect(cover).toBeVisible();
    await expect(cover).toContainText(/Data \d+ (s|min) old/);
    const big = await cover
      .locator("p")
      .nth(1)
      .evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    expect(big / 1080).toBeGreaterThan(0.06);
    expect(await page.locator("main#main").evaluate((e) => Number(getComputedStyle(e).opacity))).toBeLessThan(0.5);
    await page.screenshot({ path: "/tmp/wallshots/stale-1920x1080.png" });

    // Back: the cover and banner go by themselves.
    await page.unroute("**/api/twin/v1**");
    await page.unroute("**/api/twin/v1/events**");
    await expect(banner).toBeHidden({ timeout: 60_000 });
    await expect(cover).toHaveCount(0);
  });
});
