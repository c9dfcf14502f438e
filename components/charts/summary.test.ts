import { describe, expect, it } from "vitest";
import type { BarsFrame, StackedFrame, TrendFrame } from "@/lib/views/department/frames";
import { barsChartTable, barsSummary, histogramSummary, peakText, stackedSummary, trendChartTable, trendPeak, trendSummary } from "./summary";

const NB = "\u00a0";
const T = (h: number, m = 0) => new Date(Date.UTC(2026, 6, 15, h, m)).toISOString();

const trend = (over: Partial<TrendFrame> = {}): TrendFrame => ({
  kind: "trend",
  unit: "MW",
  timezone: "Asia/Shanghai",
  t: [T(5, 30), T(6, 35), T(7, 40)],
  series: [
    { id: "load", name: { en: "City", zh: "全市" }, values: [17000, 18234, 17900], role: "actual" },
    { id: "overlay", name: { en: "Forecast", zh: "预测" }, values: [16900, 18000, null], role: "forecast" },
  ],
  peak: 1,
  ...over,
});

describe("trend words", () => {
  it("says the peak with its unit and the city clock", () => {
    expect(trendPeak(trend())).toEqual({ value: 18234, t: T(6, 35) });
    expect(peakText(trend(), "en")).toBe(`Peak 18,234${NB}MW at 14:35`);
    expect(peakText(trend(), "zh")).toBe(`峰值 1823.4万千瓦，14:35`);
  });

  it("names the day of the peak once the window spans days, and nothing without a peak", () => {
    const week = trend({ t: [T(6, 35), T(30), T(200)] });
    expect(peakText({ ...week, peak: 0, series: [{ ...week.series[0]!, values: [5, 1, 2] }] }, "en")).toBe(`Peak 5${NB}MW at 15 Jul 14:35`);
    expect(peakText(trend({ peak: -1 }), "en")).toBeNull();
  });

  it("summarises each series by its newest value, then the peak", () => {
    expect(trendSummary(trend(), "Load vs forecast · Futian", "en")).toBe(
      `Load vs forecast · Futian. City: latest 17,900${NB}MW (15:40); Forecast: latest 18,000${NB}MW (14:35); Peak 18,234${NB}MW at 14:35.`,
    );
    const empty = trend({ series: [{ id: "x", name: { en: "City", zh: "全市" }, values: [null, null, null], role: "actual" }], peak: -1 });
    expect(trendSummary(empty, "Load", "en")).toBe("Load. City: No data for this period.");
  });
});

describe("bar words", () => {
  const bars: BarsFrame = {
    kind: "bars",
    unit: "%",
    bars: [
      { id: "nanshan", name: { en: "Nanshan", zh: "南山" }, value: 92.4 },
      { id: "futian", name: { en: "Futian", zh: "福田" }, value: 71, selected: true },
      { id: "dapeng", name: { en: "Dapeng", zh: "大鹏" }, value: 40 },
      { id: "none", name: { en: "None", zh: "无" }, value: null },
    ],
  };

  it("names the first and last bar drawn, the selected one and the count", () => {
    expect(barsSummary(bars, "Bed occupancy by district", "en")).toBe("Bed occupancy by district. first: Nanshan 92.4%; last: Dapeng 40%; selected: Futian 71%; 4 bars.");
    expect(barsSummary(bars, "各区床位占用率", "zh")).toContain("首位: 南山 92.4%");
    expect(barsSummary({ ...bars, bars: [] }, "X", "en")).toBe("X. No data for this period.");
  });

  it("says how many values a histogram holds, its fullest bin and the share within the standard", () => {
    const h: BarsFrame = {
      kind: "bars",
      unit: "",
      bars: [
        { id: "0", name: { en: "0–2 min", zh: "0–2 min" }, value: 3 },
        { id: "1", name: { en: "2–4 min", zh: "2–4 min" }, value: 7 },
        { id: "2", name: { en: "4–6 min", zh: "4–6 min" }, value: 1, tone: "warning" },
      ],
    };
    expect(histogramSummary(h, "Ambulance response times", "en", "91% within 12 min")).toBe("Ambulance response times. 11 values; most in 2–4 min (7); 91% within 12 min.");
  });

  it("totals each stack and all of them", () => {
    const s: StackedFrame = {
      kind: "stacked",
      unit: "",
      categories: [
        { id: "a", name: { en: "A", zh: "甲" } },
        { id: "b", name: { en: "B", zh: "乙" } },
      ],
      stacks: [
        { id: "behind", name: { en: "Behind plan", zh: "落后计划" }, values: [2, 1] },
        { id: "onTime", name: { en: "On plan", zh: "按计划" }, values: [5, 4] },
      ],
    };
    expect(stackedSummary(s, "Schedule adherence", "en")).toBe("Schedule adherence. Behind plan 3; On plan 9; total 12.");
    expect(stackedSummary(s, "工期执行情况", "zh")).toBe("工期执行情况。落后计划 3；按计划 9；合计 12。");
  });
});

describe("chart tables", () => {
  it("tables every bucket with a value, blanks shown as dashes, unit in the heads", () => {
    const tb = trendChartTable(trend(), "City load", "en");
    expect(tb.head).toEqual(["Time", "City (MW)", "Forecast (MW)"]);
    expect(tb.rows[2]).toEqual(["15:40", "17,900", "–"]);
    // In Chinese the table reads load in 万千瓦, as the chart's axis and tooltip do.
    const zh = trendChartTable(trend(), "全市负荷", "zh");
    expect(zh.head.slice(1).every((h) => h.endsWith("(万千瓦)"))).toBe(true);
    expect(zh.rows[2]?.[1]).toBe("1,790");
  });
  it("summarises an overview trend with its peak even when the frame names none", () => {
    expect(trendSummary(trend({ peak: undefined }), "City load", "en")).toContain(`Peak 18,234${NB}MW at 14:35`);
  });
  it("tables bars by name in the chosen language", () => {
    const beds: BarsFrame = { kind: "bars", unit: "%", bars: [{ id: "nanshan", name: { en: "Nanshan", zh: "南山区" }, value: 82.5 }] };
    expect(barsChartTable(beds, "床位", "zh").rows[0]).toEqual(["南山区", "82.5"]);
  });
});
