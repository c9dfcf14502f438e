import { describe, expect, it } from "vitest";
import type { BarsFrame, StackedFrame, TrendFrame } from "@/lib/domains/department/frames";
import { DARK_CHART_THEME } from "../theme";
import { barsOption, bucketLabels, stackedOption, trendOption } from "./department";

const trend: TrendFrame = {
  kind: "trend",
  unit: "MW",
  timezone: "Asia/Shanghai",
  t: ["2026-07-15T00:00:00Z", "2026-07-15T01:00:00Z", "2026-07-15T02:00:00Z"],
  series: [
    { id: "a", name: { en: "City", zh: "全市" }, values: [1, 3, 2], role: "actual" },
    { id: "compare", name: { en: "Same weekday last week", zh: "上周同日" }, values: [1, null, 2], role: "compare" },
  ],
  marks: [{ value: 2.5, level: "warning", label: { en: "Warning", zh: "预警" } }],
  cursor: "2026-07-15T01:00:00Z",
  peak: 1,
};

type Line = { type: string; lineStyle: { type: string; color: string }; markLine?: { data: { xAxis?: number; yAxis?: number }[] } };

describe("department option builders", () => {
  it("draws the comparison dashed and muted, the cursor as a vertical line at its bucket and thresholds", () => {
    const o = trendOption(trend, DARK_CHART_THEME, "en");
    const [actual, compare] = o.series as Line[];
    expect(compare!.lineStyle.type).toBe("dashed");
    expect(compare!.lineStyle.color).toBe(DARK_CHART_THEME.muted);
    const marks = actual!.markLine!.data;
    expect(marks.some((m) => m.xAxis === 1)).toBe(true);
    expect(marks.some((m) => m.yAxis === 2.5)).toBe(true);
  });

  it("labels buckets with the date once the window is longer than a day and a half", () => {
    expect(bucketLabels(trend.t, "Asia/Shanghai", "en")).toEqual(["08:00", "09:00", "10:00"]);
    expect(bucketLabels(["2026-07-01T00:00:00Z", "2026-07-08T00:00:00Z"], "Asia/Shanghai", "en")[0]).toBe("1 Jul 08:00");
  });

  it("dims the other bars when one is selected and paints a bar past a critical mark critical", () => {
    const frame: BarsFrame = {
      kind: "bars",
      unit: "%",
      percent: true,
      bars: [
        { id: "a", name: { en: "A", zh: "甲" }, value: 97, selected: true },
        { id: "b", name: { en: "B", zh: "乙" }, value: 50 },
      ],
      marks: [{ value: 95, level: "critical", label: { en: "Critical", zh: "严重" } }],
    };
    const s = (barsOption(frame, DARK_CHART_THEME, "en", "t").series as { data: { itemStyle: { opacity: number; color: string } }[] }[])[0]!;
    expect(s.data[0]!.itemStyle.color).toBe(DARK_CHART_THEME.critical);
    expect(s.data[0]!.itemStyle.opacity).toBe(1);
    expect(s.data[1]!.itemStyle.opacity).toBeLessThan(1);
  });

  it("ticks a percent axis at quarters, and extends it by quarters past 100", () => {
    const frame: BarsFrame = { kind: "bars", unit: "%", percent: true, bars: [{ id: "a", name: { en: "A", zh: "甲" }, value: 112 }], marks: [] };
    const x = barsOption(frame, DARK_CHART_THEME, "en", "t").xAxis as { interval: number; max: (v: { max: number }) => number };
    expect(x.interval).toBe(25);
    expect(x.max({ max: 112 })).toBe(125);
    expect(x.max({ max: 68.5 })).toBe(100);
  });

  it("stacks every series on one stack", () => {
    const frame: StackedFrame = {
      kind: "stacked",
      unit: "",
      categories: [{ id: "a", name: { en: "A", zh: "甲" } }],
      stacks: [
        { id: "x", name: { en: "X", zh: "X" }, values: [1] },
        { id: "y", name: { en: "Y", zh: "Y" }, values: [2] },
      ],
    };
    const series = stackedOption(frame, DARK_CHART_THEME, "zh", "t").series as { stack: string }[];
    expect(series.map((s) => s.stack)).toEqual(["total", "total"]);
  });
});

describe("bar colours follow the measure's direction", () => {
  it("paints a speed below its critical mark critical when higher is better", () => {
    const frame: BarsFrame = {
      kind: "bars",
      unit: "km/h",
      better: "higher",
      bars: [
        { id: "slow", name: { en: "Slow", zh: "慢" }, value: 12 },
        { id: "fast", name: { en: "Fast", zh: "快" }, value: 50 },
      ],
      marks: [{ value: 15, level: "critical", label: { en: "Critical", zh: "严重" } }],
    };
    const s = (barsOption(frame, DARK_CHART_THEME, "en", "t").series as { data: { itemStyle: { color: string } }[] }[])[0]!;
    expect(s.data.map((d) => d.itemStyle.color)).toEqual([DARK_CHART_THEME.critical, DARK_CHART_THEME.series[0]]);
  });
});

describe("trend peak and histogram tones", () => {
  type Peaked = { markPoint?: { data: { coord: [number, number] }[] } };

  it("puts a dot on the first series at the peak, and none when the frame asks for none", () => {
    const [actual, compare] = trendOption(trend, DARK_CHART_THEME, "en").series as Peaked[];
    expect(actual!.markPoint!.data[0]!.coord).toEqual([1, 3]);
    expect(compare!.markPoint).toBeUndefined();
    expect((trendOption({ ...trend, peak: -1 }, DARK_CHART_THEME, "en").series as Peaked[])[0]!.markPoint).toBeUndefined();
  });

  it("paints a bar in the tone its frame gives it (histogram bins past a standard)", () => {
    const frame: BarsFrame = {
      kind: "bars",
      unit: "",
      bars: [
        { id: "0", name: { en: "0–12", zh: "0–12" }, value: 9 },
        { id: "1", name: { en: "12–14", zh: "12–14" }, value: 2, tone: "warning" },
      ],
    };
    const s = (barsOption(frame, DARK_CHART_THEME, "en", "t").series as { data: { itemStyle: { color: string } }[] }[])[0]!;
    expect(s.data.map((d) => d.itemStyle.color)).toEqual([DARK_CHART_THEME.series[0], DARK_CHART_THEME.warning]);
  });
});
