import { describe, expect, it } from "vitest";
import type { BarsFrame, StackedFrame } from "@/lib/views/department/frames";
import { DARK_CHART_THEME, chartTheme } from "../theme";
import { barColour, barsOption } from "./bars";
import { stackedOption } from "./stacked";

const L = (en: string, zh = en) => ({ en, zh });
const beds: BarsFrame = {
  kind: "bars",
  unit: "%",
  percent: true,
  bars: [
    { id: "futian", name: L("Futian", "福田区"), value: 96 },
    { id: "nanshan", name: L("Nanshan", "南山区"), value: 86 },
    { id: "dapeng", name: L("Dapeng", "大鹏新区"), value: 71 },
  ],
  marks: [
    { level: "warning", value: 85, label: L("Warning", "预警") },
    { level: "critical", value: 95, label: L("Critical", "严重") },
  ],
};
type BarSeries = { data: { itemStyle: { opacity: number; color: string } }[]; markLine?: { data: { xAxis?: number }[] } };
const first = (f: BarsFrame) => (barsOption(f, DARK_CHART_THEME, "en", "t").series as BarSeries[])[0]!;

describe("barsOption", () => {
  it("colours bars by the KPI's own levels: the worst level reached in the bad direction", () => {
    expect(first(beds).data.map((d) => d.itemStyle.color)).toEqual([DARK_CHART_THEME.critical, DARK_CHART_THEME.warning, DARK_CHART_THEME.series[0]]);
    const speed: BarsFrame = { ...beds, unit: "km/h", percent: false, better: "higher", marks: [{ value: 80, level: "critical", label: L("Critical") }] };
    expect(first(speed).data.map((d) => d.itemStyle.color)).toEqual([DARK_CHART_THEME.series[0], DARK_CHART_THEME.series[0], DARK_CHART_THEME.critical]);
  });

  it("lets a tone the frame gives win (histogram bins past a standard) and greys missing values", () => {
    expect(barColour({ value: 2, tone: "warning" }, {}, DARK_CHART_THEME)).toBe(DARK_CHART_THEME.warning);
    expect(barColour({ value: null }, beds, DARK_CHART_THEME)).toBe(DARK_CHART_THEME.muted);
  });

  it("dims the other bars when one is selected", () => {
    const s = first({ ...beds, bars: beds.bars.map((b, i) => ({ ...b, selected: i === 0 })) });
    expect(s.data[0]!.itemStyle.opacity).toBe(1);
    expect(s.data[1]!.itemStyle.opacity).toBeLessThan(1);
  });

  it("ticks a percent axis at quarters from zero, extended by quarters past 100, and names bars in the chosen language", () => {
    const o = barsOption({ ...beds, bars: [{ id: "a", name: L("A", "甲"), value: 112 }] }, DARK_CHART_THEME, "zh", "t");
    const x = o.xAxis as { interval: number; max: (v: { max: number }) => number };
    expect(x.interval).toBe(25);
    expect(x.max({ max: 112 })).toBe(125);
    expect(x.max({ max: 68.5 })).toBe(100);
    expect((barsOption(beds, DARK_CHART_THEME, "zh", "t").yAxis as { data: string[] }).data).toEqual(["福田区", "南山区", "大鹏新区"]);
  });

  it("draws the levels across the value axis", () => {
    expect(first(beds).markLine?.data.map((d) => d.xAxis)).toEqual([85, 95]);
  });

  it("on a wall hides the scale (bars carry their values)", () => {
    const x = barsOption(beds, chartTheme("dark", 2, true), "en", "t").xAxis as { axisLabel: { show: boolean } };
    expect(x.axisLabel.show).toBe(false);
  });
});

describe("stackedOption", () => {
  it("stacks every series on one stack", () => {
    const frame: StackedFrame = {
      kind: "stacked",
      unit: "",
      categories: [{ id: "a", name: L("A", "甲") }],
      stacks: [
        { id: "x", name: L("X"), values: [1] },
        { id: "y", name: L("Y"), values: [2] },
      ],
    };
    expect((stackedOption(frame, DARK_CHART_THEME, "zh", "t").series as { stack: string }[]).map((s) => s.stack)).toEqual(["total", "total"]);
  });
});
