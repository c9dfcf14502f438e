import { describe, expect, it } from "vitest";
import type { BarsFrame, Mark, TrendFrame } from "@/lib/views/department/frames";
import { DARK_CHART_THEME, LIGHT_CHART_THEME } from "../theme";
import { barColour, barsOption } from "./bars";
import { NEAR_LEVEL, levelBands, levelReach } from "./common";
import { trendOption } from "./trend";

const L = (en: string, zh = en) => ({ en, zh });
const levels = (warning: number | null, critical: number | null): Mark[] => [
  ...(warning === null ? [] : [{ level: "warning" as const, value: warning, label: L("Warning", "预警") }]),
  ...(critical === null ? [] : [{ level: "critical" as const, value: critical, label: L("Critical", "严重") }]),
];
const trend = (values: number[], marks: Mark[] | undefined, unit = "min", better?: "higher" | "lower"): TrendFrame => ({
  kind: "trend",
  unit,
  timezone: "Asia/Shanghai",
  t: values.map((_, i) => new Date(Date.parse("2026-07-15T00:00:00Z") + i * 3_600_000).toISOString()),
  series: [{ id: "a", name: L("City", "全市"), values, role: "actual" }],
  marks,
  better,
});

type Edge = { name?: string; xAxis?: number; yAxis?: number; itemStyle?: { color: string } };
type Series = { markArea?: { data: [Edge, Edge][] } };
type Axis = { min?: number | ((v: { min: number; max: number }) => number); max?: number | ((v: { min: number; max: number }) => number) };
const trendAreas = (f: TrendFrame) => (trendOption(f, DARK_CHART_THEME, "en", "t").series as Series[])[0]!.markArea?.data;
/** The axis ECharts would draw for data spanning [min, max]: the option's callbacks applied. */
const trendAxis = (f: TrendFrame, min: number, max: number) => {
  const y = trendOption(f, DARK_CHART_THEME, "en", "t").yAxis as Axis;
  const at = (b: Axis["min"], fallback: number) => (typeof b === "function" ? b({ min, max }) : (b ?? fallback));
  return [at(y.min, min), at(y.max, max)] as const;
};

describe("a KPI's levels as bands on charts", () => {
  it("band edges are the KPI's own levels: warning up to critical, critical up to the end of the axis", () => {
    // ER waiting time: warning 60 min, critical 120 min (domains/health).
    const data = trendAreas(trend([40, 55, 50], levels(60, 120)))!;
    expect(data.map(([from, to]) => [from.name, from.yAxis, to.yAxis])).toEqual([
      ["warning", 60, 120],
      ["critical", 120, undefined],
    ]);
    // In the status colours of the bars, the map's dots and the alert list.
    expect(data.map(([from]) => from.itemStyle?.color)).toEqual([DARK_CHART_THEME.warning, DARK_CHART_THEME.critical]);
    expect(barColour({ value: 130 }, { marks: levels(60, 120) }, DARK_CHART_THEME)).toBe(data[1]![0].itemStyle?.color);
  });

  it("when higher is better the bands lie below the levels", () => {
    // Average road speed: warning 25, critical 15 km/h; the direction follows from the levels.
    expect(levelBands(levels(25, 15))).toEqual([
      { level: "warning", from: 15, to: 25 },
      { level: "critical", from: null, to: 15 },
    ]);
    // With one level only, the KPI's `better` says which side is bad.
    expect(levelBands(levels(40, null), "higher")).toEqual([{ level: "warning", from: null, to: 40 }]);
    expect(levelBands(levels(40, null))).toEqual([{ level: "warning", from: 40, to: null }]);
  });

  it("draws no band for a KPI without levels, and none for a target line", () => {
    expect(trendAreas(trend([40, 55], undefined))).toBeUndefined();
    expect(trendAreas(trend([40, 55], []))).toBeUndefined();
    expect(trendAreas(trend([40, 55], [{ level: "target", value: 30, label: L("Target") }]))).toBeUndefined();
    expect(
      (
        barsOption({ kind: "bars", unit: "MW", bars: [{ id: "a", name: L("A"), value: 3 }] }, LIGHT_CHART_THEME, "en", "t")
          .series as Series[]
      )[0]!.markArea,
    ).toBeUndefined();
  });

  it(`takes a level into the axis when the data comes within ${NEAR_LEVEL * 100} % of it, and only then`, () => {
    // 55 min against a 60-min warning: the axis reaches past 60 so the warning band shows.
    const [, near] = trendAxis(trend([40, 55, 50], levels(60, 120)), 40, 55);
    expect(near).toBeGreaterThan(60);
    expect(near).toBeLessThan(120);
    // 100 min is near both levels: the critical band is on the chart too.
    expect(trendAxis(trend([80, 100], levels(60, 120)), 80, 100)[1]).toBeGreaterThan(120);
    // 20 min is far from 60: the axis fits the data (a band squashing it into a strip tells less).
    expect(trendAxis(trend([12, 20], levels(60, 120)), 12, 20)).toEqual([12, 20]);
    expect(levelReach([12, 20], levels(60, 120))).toBeNull();
    // Higher is better: the minimum reaches down to a level just below it.
    expect(levelReach([28, 33], levels(25, 15))).toBe(25);
    expect(trendAxis(trend([28, 33], levels(25, 15), "km/h"), 28, 33)[0]).toBeLessThan(25);
  });

  it("a percentage keeps its 0–100 axis, so 31 % loading reads far below an 80 % warning", () => {
    const [min, max] = trendAxis(trend([31, 32.8], levels(80, 100), "%"), 31, 32.8);
    expect([min, max]).toEqual([0, 100]);
    expect(trendAreas(trend([31, 32.8], levels(80, 100), "%"))!.map(([from]) => from.yAxis)).toEqual([80, 100]);
  });

  it("horizontal bars get the same bands along x, and their axis reaches a level they come near", () => {
    const frame: BarsFrame = {
      kind: "bars",
      unit: "min",
      bars: [
        { id: "a", name: L("A"), value: 52 },
        { id: "b", name: L("B"), value: 30 },
      ],
      marks: levels(60, 120),
    };
    const opt = barsOption(frame, DARK_CHART_THEME, "en", "t");
    const data = (opt.series as Series[])[0]!.markArea!.data;
    expect(data.map(([from, to]) => [from.xAxis, to.xAxis])).toEqual([
      [60, 120],
      [120, undefined],
    ]);
    const max = (opt.xAxis as Axis).max;
    expect(typeof max === "function" ? max({ min: 0, max: 52 }) : max).toBeGreaterThan(60);
  });
});

describe("chart units in Chinese", () => {
  const load: TrendFrame = { ...trend([18000, 22145], levels(22000, 24000)), unit: "MW" };
  type ValueAxis = { name: string; axisLabel: { formatter: (v: number) => string } };

  it("a zh load axis is named and numbered in 万千瓦, as the KPI cards and tooltips write load", () => {
    const zh = trendOption(load, DARK_CHART_THEME, "zh", "负荷").yAxis as ValueAxis;
    expect(zh.name).toBe("万千瓦");
    expect(zh.axisLabel.formatter(22000)).toBe("2,200");
    const en = trendOption(load, DARK_CHART_THEME, "en", "Load").yAxis as ValueAxis;
    expect(en.name).toBe("MW");
    expect(en.axisLabel.formatter(22000)).toBe("22,000");
    // The tooltip says the same as the axis.
    const tip = (trendOption(load, DARK_CHART_THEME, "zh", "负荷").tooltip as { formatter: (p: unknown) => string }).formatter([
      { dataIndex: 1, seriesName: "全市", value: 22145 },
    ]);
    expect(tip).toContain("2214.5万千瓦");
    expect(tip).not.toContain("MW");
  });

  it("bars of MW count their axis in 万千瓦 in Chinese, like their own labels", () => {
    const frame: BarsFrame = { kind: "bars", unit: "MW", bars: [{ id: "a", name: L("Futian", "福田区"), value: 3120 }] };
    const x = barsOption(frame, DARK_CHART_THEME, "zh", "负荷").xAxis as ValueAxis;
    expect(x.axisLabel.formatter(3000)).toBe("300");
    expect((barsOption(frame, DARK_CHART_THEME, "en", "Load").xAxis as ValueAxis).axisLabel.formatter(3000)).toBe("3,000");
  });

  it("other units are left as they are", () => {
    expect((trendOption(trend([40, 50], undefined, "min"), DARK_CHART_THEME, "zh", "t").yAxis as ValueAxis).name).toBe("min");
  });
});
