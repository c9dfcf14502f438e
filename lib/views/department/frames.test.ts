import { describe, expect, it } from "vitest";
import type { DistrictValuesResponse, RankResponse, SeriesResponse } from "@/lib/twin-client/schemas";
import { breakdown, districtBars, groupBars, histogram, mostBehind, peakIndex, rankBars, scheduleAdherence, scheduleFrame, trendFrame, type ScheduleRow } from "./frames";

const unit = { symbol: "MW", code: "MAW" };
const T = (h: number) => new Date(Date.UTC(2026, 6, 15, h)).toISOString();
const series = (t: string[], v: (number | null)[]): SeriesResponse => ({ from: t[0]!, to: t[t.length - 1]!, step: "PT1H", series: [{ id: "energy.load@city", unit, step: "PT1H", t, values: { avg: v } }] });

describe("trendFrame", () => {
  it("lines the comparison up bucket by bucket, keeps gaps, finds the peak and the cursor's bucket", () => {
    const main = series([T(0), T(1), T(2)], [10, 30, 20]);
    const lastWeek = series([T(0 - 168), T(1 - 168), T(2 - 168)], [9, null, 19]);
    const built = trendFrame({ main, compare: { res: lastWeek, name: { en: "Last week", zh: "上周" }, shiftMs: 7 * 86_400_000 }, name: { en: "City", zh: "全市" }, agg: "avg", timezone: "Asia/Shanghai", cursor: new Date(Date.parse(T(1)) + 1_800_000) })!;
    expect(built.frame.series[1]!.values).toEqual([9, null, 19]);
    expect(built.frame.peak).toBe(1);
    expect(built.frame.cursor).toBe(T(1));
    expect(built.table.rows[0]).toEqual([T(0), 10, 9]);
    expect(built.table.head[1]!.en).toBe("City [MW]");
  });

  it("is null without data", () => {
    expect(trendFrame({ main: undefined, name: { en: "", zh: "" }, agg: "avg", timezone: "UTC", cursor: null })).toBeNull();
    expect(peakIndex([null, null])).toBe(-1);
  });
});

const dv = (values: [string, number | null][]): DistrictValuesResponse => ({
  metric: { id: "m", domain: "energy", name: { en: "Load", zh: "负荷" }, unit: { symbol: "%", code: "P1" }, rollup: "avg" },
  at: T(2),
  asOf: T(2),
  city: { value: 1, asOf: T(2), stale: false },
  districts: values.map(([id, value]) => ({ id, name: { en: id, zh: id }, value, asOf: value === null ? null : T(2), stale: false })),
});

describe("districtBars", () => {
  it("orders worst first in the measure's direction, no-value districts last, selection marked", () => {
    const res = dv([["a", 50], ["b", null], ["c", 80], ["d", 20]]);
    expect(districtBars(res, "lower", "d")!.frame.bars.map((b) => b.id)).toEqual(["c", "a", "d", "b"]);
    expect(districtBars(res, "higher", null)!.frame.bars.map((b) => b.id)).toEqual(["d", "a", "c", "b"]);
    expect(districtBars(res, "lower", "d")!.frame.bars.find((b) => b.id === "d")!.selected).toBe(true);
    expect(districtBars(res, "lower", null)!.table.rows[0]).toEqual(["c", 80, T(2)]);
  });
});

const rank = (items: { id: string; value: number; props?: Record<string, string | number> }[]): RankResponse => ({
  at: T(2),
  asOf: T(2),
  type: "MetroStation",
  property: "entries",
  per: null,
  unit: { symbol: "pax", code: "C62" },
  total: items.length,
  items: items.map((i) => ({ assetId: i.id, datastreamId: `${i.id}:entries`, name: { en: i.id, zh: i.id }, district: "futian", value: i.value, raw: i.value, t: T(2), stale: false, properties: i.props ?? {} })),
});

describe("rank, histogram, groups", () => {
  it("keeps the API's order and raw values for export", () => {
    const built = rankBars(rank([{ id: "x", value: 3.25 }, { id: "y", value: 1 }]), "y", { en: "entries", zh: "进站" })!;
    expect(built.frame.bars.map((b) => [b.id, b.selected])).toEqual([["x", false], ["y", true]]);
    expect(built.table.rows[0]).toEqual(["x", "x", "futian", 3.25, 3.25, T(2)]);
  });

  it("bins values and says what share is within a limit", () => {
    const h = histogram(rank([{ id: "a", value: 1 }, { id: "b", value: 11.9 }, { id: "c", value: 12 }, { id: "d", value: 3 }]), 2)!;
    expect(h.frame.bars.map((b) => b.value)).toEqual([1, 1, 0, 0, 0, 1, 1]);
    expect(h.within(12)).toBe(1);
    expect(h.within(3)).toBe(0.5);
  });

  it("tones the bins that start at or past a standard", () => {
    const h = histogram(rank([{ id: "a", value: 1 }, { id: "b", value: 13 }]), 2, 12)!;
    expect(h.frame.bars.map((b) => b.tone ?? "")).toEqual(["", "", "", "", "", "", "warning"]);
    expect(histogram(rank([{ id: "a", value: 13 }]), 2)!.frame.bars.some((b) => b.tone)).toBe(false);
  });

  it("puts a transfer station in each of its lines", () => {
    const g = groupBars(rank([{ id: "a", value: 10, props: { lines: "1,2" } }, { id: "b", value: 5, props: { lines: "2" } }]), "lines", "sum", (l) => ({ en: `Line ${l}`, zh: l }))!;
    expect(g.frame.bars.map((b) => [b.id, b.value])).toEqual([["2", 15], ["1", 10]]);
  });
});

describe("breakdown and schedule", () => {
  const sites = [
    { id: "s1", district: "a", properties: { phase: "structure", startDate: "2026-01-01", plannedEnd: "2027-01-01", progressPct: 10 } },
    { id: "s2", district: "a", properties: { phase: "finishing", startDate: "2025-01-01", plannedEnd: "2026-12-31", progressPct: 80 } },
    { id: "s3", district: "b", properties: { phase: "planning", startDate: "2026-09-01", plannedEnd: "2027-09-01", progressPct: 0 } },
  ];
  const districts = [{ id: "a", name: { en: "A", zh: "甲" } }, { id: "b", name: { en: "B", zh: "乙" } }];

  it("counts by value stacked by district, in the given order", () => {
    const b = breakdown(sites, "phase", ["planning", "structure", "finishing"], districts, null, (v) => ({ en: v, zh: v }))!;
    expect(b.frame.stacks.map((s) => [s.id, s.values])).toEqual([["planning", [0, 1]], ["structure", [1, 0]], ["finishing", [1, 0]]]);
  });

  it("compares reported progress with the elapsed share of the permitted period", () => {
    const rows = scheduleAdherence(sites, new Date("2026-07-02T00:00:00Z"))!;
    expect(rows.map((r) => r.id)).toEqual(["s1", "s2"]);
    expect(rows[0]!.planned).toBeCloseTo(50, 0);
    expect(rows[0]!.gap).toBeCloseTo(-40, 0);
    const f = scheduleFrame(rows, districts, null)!;
    expect(f.frame.stacks.find((s) => s.id === "behind")!.values).toEqual([1]);
  });

  it("lists the five sites furthest behind plan, worst first, and none within the tolerance", () => {
    const row = (id: string, gap: number): ScheduleRow => ({ id, district: "a", planned: 50, reported: 50 + gap, gap });
    const rows = [row("ok", -10), row("b1", -11), row("b2", -40), row("ahead", 30), row("b3", -25), row("b4", -12), row("b5", -60), row("b6", -15)];
    expect(mostBehind(rows).map((r) => r.id)).toEqual(["b5", "b2", "b3", "b6", "b4"]);
    expect(mostBehind([row("ok", -10)])).toEqual([]);
    expect(mostBehind(null)).toEqual([]);
  });
});
