import { describe, expect, it } from "vitest";
import { DARK_CHART_THEME, LIGHT_CHART_THEME, chartTheme } from "../theme";
import type { CategoryFrame, TimeSeriesFrame } from "../types";
import { summarizeCategories, summarizeTimeSeries, tableOfCategories, tableOfTimeSeries } from "../summary";
import { barColour, categoryBarOption } from "./category-bar";
import { axisLabelFilter, timeSeriesOption } from "./time-series";

const load: TimeSeriesFrame = {
  title: { en: "City load today", zh: "今日全市负荷" },
  unit: "MW",
  timezone: "Asia/Shanghai",
  t: ["2026-07-15T00:00:00Z", "2026-07-15T01:00:00Z", "2026-07-15T02:00:00Z"],
  series: [
    { id: "load", name: { en: "Actual", zh: "实际" }, values: [15000, 21000.4, null], role: "actual" },
    { id: "forecast", name: { en: "Forecast", zh: "预测" }, values: [15200, 20500, 19800], role: "forecast" },
  ],
  thresholds: [{ level: "warning", value: 22000, label: { en: "Warning", zh: "预警" } }],
};

const beds: CategoryFrame = {
  title: { en: "Bed occupancy", zh: "床位使用率" },
  unit: "%",
  categories: [
    { id: "futian", name: { en: "Futian", zh: "福田区" } },
    { id: "nanshan", name: { en: "Nanshan", zh: "南山区" } },
    { id: "dapeng", name: { en: "Dapeng", zh: "大鹏新区" } },
  ],
  values: [96, 82.5, 71],
  thresholds: [
    { level: "warning", value: 85, label: { en: "Warning", zh: "预警" } },
    { level: "critical", value: 95, label: { en: "Critical", zh: "严重" } },
  ],
};

type AnySeries = { type: string; lineStyle?: { type?: string; color?: string }; data?: unknown[]; markLine?: { data: unknown[] } };

describe("timeSeriesOption", () => {
  it("labels the time axis in the city's time zone", () => {
    const o = timeSeriesOption(load, DARK_CHART_THEME, "en");
    expect((o.xAxis as { data: string[] }).data).toEqual(["08:00", "09:00", "10:00"]);
  });
  it("draws the forecast dashed in the muted colour and the actual solid", () => {
    const s = timeSeriesOption(load, DARK_CHART_THEME, "en").series as AnySeries[];
    expect(s[0]?.lineStyle?.type).toBe("solid");
    expect(s[1]?.lineStyle?.type).toBe("dashed");
    expect(s[1]?.lineStyle?.color).toBe(DARK_CHART_THEME.forecast);
  });
  it("keeps gaps as gaps rather than dropping to zero", () => {
    const s = timeSeriesOption(load, DARK_CHART_THEME, "en").series as AnySeries[];
    expect(s[0]?.data?.[2]).toBeNull();
  });
  it("names series in the chosen language and shows the threshold line with its unit", () => {
    const o = timeSeriesOption(load, LIGHT_CHART_THEME, "zh");
    const s = o.series as (AnySeries & { name: string })[];
    expect(s.map((x) => x.name)).toEqual(["实际", "预测"]);
    const ml = s[0]?.markLine?.data[0] as { yAxis: number; label: { formatter: string } };
    expect(ml.yAxis).toBe(22000);
    expect(ml.label.formatter).toContain("2200万千瓦");
  });
  it("leaves room above the plot in proportion to the type (legend and top threshold label apart on a 4K wall)", () => {
    const top = (fontSize: number) => (timeSeriesOption(load, { ...DARK_CHART_THEME, fontSize }, "en").grid as { top: number }).top;
    expect(top(24)).toBe(2 * top(12));
  });

  it("does not animate (walls update every few seconds)", () => {
    expect(timeSeriesOption(load, DARK_CHART_THEME, "en").animation).toBe(false);
  });
});

describe("categoryBarOption", () => {
  it("colours bars by the highest threshold they reach", () => {
    expect(barColour(96, beds, DARK_CHART_THEME)).toBe(DARK_CHART_THEME.critical);
    expect(barColour(86, beds, DARK_CHART_THEME)).toBe(DARK_CHART_THEME.warning);
    expect(barColour(50, beds, DARK_CHART_THEME)).toBe(DARK_CHART_THEME.series[0]);
  });
  it("caps a percentage axis at 100 and lists districts in the chosen language", () => {
    const o = categoryBarOption(beds, DARK_CHART_THEME, "zh");
    expect((o.xAxis as { max?: number }).max).toBe(100);
    // Ticks at quarters: no "90%" next to "100%".
    expect((o.xAxis as { interval?: number }).interval).toBe(25);
    expect((o.yAxis as { data: string[] }).data).toEqual(["福田区", "南山区", "大鹏新区"]);
  });
  it("draws thresholds across the value axis of horizontal bars", () => {
    const s = categoryBarOption(beds, DARK_CHART_THEME, "en").series as AnySeries[];
    expect(s[0]?.markLine?.data.map((d) => (d as { xAxis?: number }).xAxis)).toEqual([85, 95]);
  });
});

describe("text alternatives", () => {
  it("summarises the latest and the peak with units and city times", () => {
    expect(summarizeTimeSeries(load, "en")).toBe(
      "City load today. Actual: latest 21,000\u00a0MW (09:00), peak 21,000\u00a0MW (09:00); Forecast: latest 19,800\u00a0MW (10:00), peak 20,500\u00a0MW (09:00).",
    );
  });
  it("tables every bucket, blanks shown as dashes", () => {
    const tb = tableOfTimeSeries(load, "en");
    expect(tb.head).toEqual(["Time", "Actual (MW)", "Forecast (MW)"]);
    expect(tb.rows[2]).toEqual(["10:00", "–", "19,800"]);
  });
  it("names the highest and lowest district", () => {
    expect(summarizeCategories(beds, "en")).toBe("Bed occupancy. max: Futian 96%; min: Dapeng 71%.");
    expect(tableOfCategories(beds, "zh").rows[1]).toEqual(["南山区", "82.5"]);
  });
});

describe("axisLabelFilter", () => {
  it("labels a day of 15-minute buckets at round hours only", () => {
    const t = Array.from({ length: 96 }, (_, i) => new Date(Date.parse("2026-07-14T16:00:00Z") + i * 900_000).toISOString());
    const labels = (timeSeriesOption({ ...load, t, series: [] }, DARK_CHART_THEME, "en").xAxis as { data: string[] }).data;
    const show = axisLabelFilter(t, labels);
    expect(labels.filter((_, i) => show(i))).toEqual(["00:00", "04:00", "08:00", "12:00", "16:00", "20:00"]);
  });
  it("spaces labels evenly when buckets are not on the hour", () => {
    const labels = Array.from({ length: 24 }, (_, i) => `${String(i).padStart(2, "0")}:04`);
    const t = labels.map((_, i) => new Date(Date.parse("2026-07-14T16:04:00Z") + i * 3_600_000).toISOString());
    const show = axisLabelFilter(t, labels);
    expect(labels.filter((_, i) => show(i))).toHaveLength(6);
  });
});

describe("charts on a wall", () => {
  type Line = { lineStyle?: { width?: number }; markLine?: { data: { xAxis?: number; name?: string }[] } };
  it("type follows the wall's labels and lines thicken with the screen (a 4K wall is scale 2.5)", () => {
    const at4k = chartTheme("dark", 2.5, true);
    expect(at4k.fontSize).toBe(42);
    expect(chartTheme("dark", 1.25, true).fontSize).toBe(21);
    const thin = (timeSeriesOption(load, DARK_CHART_THEME, "en").series as Line[])[0]?.lineStyle?.width ?? 0;
    const thick = (timeSeriesOption(load, at4k, "en").series as Line[])[0]?.lineStyle?.width ?? 0;
    expect(thick).toBe(thin * 2.5);
    expect(chartTheme("dark", 2.5, true)).toBe(at4k);
    expect(timeSeriesOption(load, at4k, "en").legend).toMatchObject({ show: false });
  });
  it("marks a frame's midnight with a labelled vertical line beside the thresholds", () => {
    const marked = { ...load, marks: [{ t: load.t[1]!, label: { en: "00:00 16 Jul", zh: "0时 7月16日" } }] };
    const lines = (timeSeriesOption(marked, DARK_CHART_THEME, "en").series as Line[])[0]?.markLine?.data ?? [];
    expect(lines).toContainEqual(expect.objectContaining({ xAxis: 1, name: "00:00 16 Jul" }));
    expect(lines).toHaveLength(2);
  });
});
