import { expect, test, type Page } from "@playwright/test";
import { LEVEL_COLOURS, type Level } from "../lib/views/department/map-scale";
import type { ScorecardResponse } from "../lib/views/scorecard/schemas";
import { ordinal, roundTo, scorecardView } from "../lib/views/scorecard/view";

/**
 * The district scorecard (issue 18 item 2) as a department head sees it: on the overview and on a
 * district page, every number shown equals the scorecard API's value at the shown rounding ("–"
 * where the API has none), each level word agrees with its cell's colour class and fill, and the
 * district page states the district's rank ("3rd of 10"). The page is read between two API reads:
 * the twin ticks, so what is shown must equal one of them.
 */

interface ShownCell {
  metric: string;
  district: string;
  value: string;
  level: string;
  word: string | null;
  cls: string;
  bg: string;
  href: string;
}

const WORDS: Record<Level, string> = { normal: "Normal", warning: "Warning", critical: "Critical" };

function rgb(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

async function api(page: Page): Promise<ScorecardResponse> {
  const res = await page.request.get("/api/twin/v1/scorecard");
  expect(res.status()).toBe(200);
  return (await res.json()) as ScorecardResponse;
}

async function shownCells(page: Page): Promise<ShownCell[]> {
  await expect(page.getByTestId("scorecard-table")).toBeVisible();
  return page.locator("[data-testid=scorecard-table] td[data-metric]").evaluateAll((tds) =>
    tds.map((td) => {
      const el = td as HTMLElement;
      return {
        metric: el.dataset.metric ?? "",
        district: el.dataset.district ?? "",
        value: el.querySelector("[data-testid=scorecard-value]")?.textContent ?? "",
        level: el.dataset.level ?? "",
        word: el.querySelector("[data-testid=scorecard-level]")?.textContent ?? null,
        cls: el.className,
        bg: getComputedStyle(el).backgroundColor,
        href: el.querySelector("a")?.getAttribute("href") ?? "",
      };
    }),
  );
}

/** Cells whose number differs from the API's at its rounding (empty: all agree). */
function mismatches(cells: ShownCell[], sc: ScorecardResponse): string[] {
  const out: string[] = [];
  for (const c of cells) {
    const ind = sc.indicators.find((i) => i.metric.id === c.metric);
    const k = sc.districts.findIndex((d) => d.id === c.district);
    const v = c.district === "city" ? ind?.city.value : ind?.districts[k]?.value;
    if (!ind || v === undefined) out.push(`${c.metric}@${c.district}: not in the API`);
    else if (v === null ? c.value !== "–" : Number(c.value.replace(/,/g, "")) !== roundTo(v, ind.digits))
      out.push(`${c.metric}@${c.district}: shows ${c.value}, API ${v}`);
  }
  return out;
}

function expectLevelsAgree(cells: ShownCell[]): void {
  for (const c of cells) {
    const where = `${c.metric}@${c.district}`;
    if (c.level === "none") {
      expect(c.word, where).toBeNull();
      continue;
    }
    const level = c.level as Level;
    expect(c.word, where).toBe(WORDS[level]);
    expect(c.cls, where).toContain(`scorecard-level-${level}`);
    expect(c.bg, where).toBe(rgb(LEVEL_COLOURS[level]));
  }
}

test("the scorecard shows the API's values, levels in words that match their colours, and a district's rank", async ({ page }) => {
  // Overview: districts × indicators and the city row.
  const before = await api(page);
  await page.goto("/", { waitUntil: "domcontentloaded" });
  const overview = await shownCells(page);
  const after = await api(page);
  expect(overview).toHaveLength(before.indicators.length * (before.districts.length + 1));
  const best = [mismatches(overview, before), mismatches(overview, after)].sort((a, b) => a.length - b.length)[0];
  expect(best).toEqual([]);
  expectLevelsAgree(overview);
  // Every level word is there to read, and a cell opens its department with the district selected.
  const sample = overview.find((c) => c.district !== "city")!;
  const domain = before.indicators.find((i) => i.metric.id === sample.metric)!.metric.domain;
  expect(sample.href).toBe(`/${domain}?district=${sample.district}`);
  await expect(page.locator("[data-testid=scorecard-table] caption")).toContainText("Simulated data");

  // A district page: the district against the city, with its rank among the districts.
  const district = before.districts[2]!;
  const sc1 = await api(page);
  await page.goto(`/districts/${encodeURIComponent(district.id)}`, { waitUntil: "domcontentloaded" });
  const cells = await shownCells(page);
  const ranks = await page.getByTestId("scorecard-rank-of").allTextContents();
  const sc2 = await api(page);
  expect(cells).toHaveLength(sc1.indicators.length * 2);
  expect(new Set(cells.map((c) => c.district))).toEqual(new Set([district.id, "city"]));
  const [m1, m2] = [mismatches(cells, sc1), mismatches(cells, sc2)];
  expect(m1.length <= m2.length ? m1 : m2).toEqual([]);
  expectLevelsAgree(cells);
  const expected = (sc: ScorecardResponse) =>
    scorecardView(sc)
      .rows.find((r) => r.id === district.id)!
      .cells.map((c) => (c.rank === null ? "–" : `${ordinal(c.rank, "en")} of ${c.of}`));
  expect([expected(sc1), expected(sc2)]).toContainEqual(ranks);
});
