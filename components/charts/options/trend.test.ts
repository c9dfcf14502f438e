import { describe, expect, it } from "vitest";
import type { TrendFrame } from "@/lib/views/department/frames";
import { DARK_CHART_THEME, LIGHT_CHART_THEME, chartTheme } from "../theme";
import { axisLabelFilter, bucketLabels, dayTicks, trendOption } from "./trend";

const load: TrendFrame = {
  kind: "trend",
  unit: "MW",
  timezone: "Asia/Shanghai",
  t: ["2026-07-15T00:00:00Z", "2026-07-15T01:00:00Z", "2026-07-15T02:00:00Z"],
  series: [
    { id: "load", name: { en: "Actual", zh: "实际" }, values: [15000, 21000.4, null], role: "actual" },
    { id: "forecast", name: { en: "Forecast", zh: "预测" }, values: [15200, 20500, 19800], role: "forecast" },
    { id: "compare", name: { en: "Same weekday last week", zh: "上周同日" }, values: [14000, null, 18000], role: "compare" },
  ],
  marks: [{ level: "warning", value: 22000, label: { en: "Warning", zh: "预警" } }],
  cursor: "2026-07-15T01:00:00Z",
  peak: 1,
};

type Line = {
  type: string;
  name: string;
  data: unknown[];
  lineStyle: { type: string; color: string; width: number };
  areaStyle?: unknown;
  markLine?: { data: { xAxis?: number; yAxis?: number; name?: string; label: { formatter: string } }[] };
  markPoint?: { data: { coord: [number, number] }[] };
};
const lines = (f: TrendFrame, theme = DARK_CHART_THEME, locale: "en" | "zh" = "en") => trendOption(f, theme, locale, "Load").series as Line[];

describe("trendOption", () => {
  it("labels the time axis in the city's time zone and keeps gaps as gaps", () => {
    expect((trendOption(load, DARK_CHART_THEME, "en", "Load").xAxis as { data: string[] }).data).toEqual(["08:00", "09:00", "10:00"]);
    expect(lines(load)[0]!.data[2]).toBeNull();
  });

  it("draws actual solid, forecast dashed grey and the comparison dotted in its own colour", () => {
    const [actual, forecast, compare] = lines(load);
    expect(actual!.lineStyle.type).toBe("solid");
    expect(forecast!.lineStyle).toMatchObject({ type: "dashed", color: DARK_CHART_THEME.forecast });
    expect(compare!.lineStyle).toMatchObject({ type: "dotted", color: DARK_CHART_THEME.compare });
    expect(DARK_CHART_THEME.compare).not.toBe(DARK_CHART_THEME.forecast);
    // Each has its own legend entry.
    expect(trendOption(load, DARK_CHART_THEME, "en", "Load").legend).toMatchObject({ show: true });
  });

  it("names series in the chosen language; thresholds, the cursor and the peak on the first series", () => {
    const s = lines(load, LIGHT_CHART_THEME, "zh");
    expect(s.map((x) => x.name)).toEqual(["实际", "预测", "上周同日"]);
    const ml = s[0]!.markLine!.data;
    expect(ml[0]).toMatchObject({ yAxis: 22000 });
    // Chinese readers get load in 万千瓦, as the grid bulletins write it.
    expect(ml[0]!.label.formatter).toContain("2200万千瓦");
    expect(ml.some((m) => m.xAxis === 1 && m.name === "cursor")).toBe(true);
    expect(s[0]!.markPoint!.data[0]!.coord).toEqual([1, 21000.4]);
    expect(s[1]!.markPoint).toBeUndefined();
    expect(lines({ ...load, peak: -1 })[0]!.markPoint).toBeUndefined();
  });

  it("fills no area down to a scaled axis (no 9,000 MW baseline); a percentage area starts at zero", () => {
    expect(lines(load).every((s) => s.areaStyle === undefined)).toBe(true);
    expect((trendOption(load, DARK_CHART_THEME, "en", "Load").yAxis as { scale: boolean }).scale).toBe(true);
    const pct: TrendFrame = { ...load, unit: "%", series: [{ id: "r", name: { en: "Share", zh: "占比" }, values: [31, 35, 33], role: "actual" }] };
    const y = trendOption(pct, DARK_CHART_THEME, "en", "Share").yAxis as { min: number; scale: boolean };
    expect(y).toMatchObject({ min: 0, scale: false });
    expect(lines(pct)[0]!.areaStyle).toBeDefined();
  });

  it("leaves room above the plot in proportion to the type and does not animate", () => {
    const top = (fontSize: number) => (trendOption(load, { ...DARK_CHART_THEME, fontSize }, "en", "Load").grid as { top: number }).top;
    expect(top(24)).toBe(2 * top(12));
    expect(trendOption(load, DARK_CHART_THEME, "en", "Load").animation).toBe(false);
  });
});

describe("time axis labels", () => {
  it("labels a day of 15-minute buckets at round hours only", () => {
    const t = Array.from({ length: 96 }, (_, i) => new Date(Date.parse("2026-07-14T16:00:00Z") + i * 900_000).toISOString());
    const labels = bucketLabels(t, "Asia/Shanghai", "en");
    const show = axisLabelFilter(t, labels);
    expect(labels.filter((_, i) => show(i))).toEqual(["00:00", "04:00", "08:00", "12:00", "16:00", "20:00"]);
  });

  it("spaces labels evenly when buckets are not on the hour", () => {
    const labels = Array.from({ length: 24 }, (_, i) => `${String(i).padStart(2, "0")}:04`);
    const t = labels.map((_, i) => new Date(Date.parse("2026-07-14T16:04:00Z") + i * 3_600_000).toISOString());
    expect(labels.filter((_, i) => axisLabelFilter(t, labels)(i))).toHaveLength(6);
  });

  it("names the date in tooltips once the window is longer than a day and a half", () => {
    expect(bucketLabels(load.t, "Asia/Shanghai", "en")).toEqual(["08:00", "09:00", "10:00"]);
    expect(bucketLabels(["2026-07-01T00:00:00Z", "2026-07-08T00:00:00Z"], "Asia/Shanghai", "en")[0]).toBe("1 Jul 08:00");
  });

  it("gives a 7-day window one tick per city day, labelled by weekday and date", () => {
    // Hourly buckets from Monday 7 Dec 2026 10:00 Shenzhen time, seven days.
    const t = Array.from({ length: 7 * 24 }, (_, i) => new Date(Date.parse("2026-12-07T02:00:00Z") + i * 3_600_000).toISOString());
    const days = dayTicks(t, "Asia/Shanghai", "en");
    const shown = t.map((_, i) => i).filter(days.show);
    // The partial first day gets none; each following midnight gets one.
    expect(shown.map((i) => days.label(i))).toEqual(["Tue 8", "Wed 9", "Thu 10", "Fri 11", "Sat 12", "Sun 13", "Mon 14"]);
    expect(dayTicks(t, "Asia/Shanghai", "zh").label(shown[0]!)).toBe("8日周二");
    const x = trendOption({ ...load, t, series: [{ id: "a", name: { en: "A", zh: "A" }, values: t.map(() => 1), role: "actual" }], cursor: null }, DARK_CHART_THEME, "en", "A").xAxis as {
      axisLabel: { interval: (i: number) => boolean; formatter: (v: string, i: number) => string };
    };
    expect(t.map((_, i) => i).filter(x.axisLabel.interval)).toHaveLength(7);
    expect(x.axisLabel.formatter("", shown[0]!)).toBe("Tue 8");
  });
});

describe("charts on a wall", () => {
  it("type follows the wall's labels and lines thicken with the screen (a 4K wall is scale 2.5)", () => {
    const at4k = chartTheme("dark", 2.5, true);
    expect(at4k.fontSize).toBe(42);
    expect(chartTheme("dark", 1.25, true).fontSize).toBe(21);
    expect(lines(load, at4k)[0]!.lineStyle.width).toBe(lines(load)[0]!.lineStyle.width * 2.5);
    expect(chartTheme("dark", 2.5, true)).toBe(at4k);
    expect(trendOption(load, at4k, "en", "Load").legend).toMatchObject({ show: false });
  });

  it("marks a frame's midnight with a labelled vertical line beside the thresholds", () => {
    const marked: TrendFrame = { ...load, cursor: null, times: [{ t: load.t[1]!, label: { en: "00:00 16 Jul", zh: "0时 7月16日" } }] };
    const ml = lines(marked)[0]!.markLine!.data;
    expect(ml).toContainEqual(expect.objectContaining({ xAxis: 1, name: "00:00 16 Jul" }));
    expect(ml).toHaveLength(2);
  });
});
