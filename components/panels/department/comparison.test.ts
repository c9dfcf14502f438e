import { describe, expect, it } from "vitest";
import { changePercent, changeText, comparisonAt, comparisonLabel, trendChangePercent } from "./comparison";

describe("the chosen comparison", () => {
  it("names what every delta compares with, in both languages", () => {
    expect(comparisonLabel({ compare: "week", range: "7d" }, "en")).toBe("vs last week");
    expect(comparisonLabel({ compare: "week", range: "live" }, "zh")).toBe("较上周同期");
    expect(comparisonLabel({ compare: "previous", range: "7d" }, "en")).toBe("vs previous period");
    expect(comparisonLabel({ compare: "previous", range: "7d" }, "zh")).toBe("较上期");
    // The live day's previous period is yesterday; no choice keeps the KPIs' own "yesterday".
    expect(comparisonLabel({ compare: "previous", range: "live" }, "en")).toBe("vs yesterday");
    expect(comparisonLabel({ compare: "none", range: "24h" }, "zh")).toBe("较昨日");
  });

  it("moves the view's moment back by the comparison's shift, or leaves the KPIs' own previous", () => {
    const now = Date.parse("2026-12-07T03:00:00Z");
    expect(comparisonAt({ compare: "week", range: "live" }, now, 7 * 86_400_000)).toBe(Date.parse("2026-11-30T03:00:00Z"));
    expect(comparisonAt({ compare: "none", range: "live" }, now, 0)).toBeNull();
    expect(comparisonAt({ compare: "previous", range: "live" }, now, 86_400_000)).toBeNull();
  });

  it("computes a change only when both values exist and the base is not zero", () => {
    expect(changePercent(104.1, 100)).toBeCloseTo(4.1);
    expect(changePercent(90, -100)).toBeCloseTo(190);
    expect(changePercent(null, 100)).toBeNull();
    expect(changePercent(5, 0)).toBeNull();
  });
});

describe("the trend's change", () => {
  const L = { en: "x", zh: "x" };
  it("compares the newest actual value with the comparison at the same bucket", () => {
    const frame = {
      series: [
        { id: "a", name: L, values: [100, 110, null], role: "actual" as const },
        { id: "f", name: L, values: [1, 1, 1], role: "forecast" as const },
        { id: "c", name: L, values: [90, 100, 120], role: "compare" as const },
      ],
    };
    expect(trendChangePercent(frame)).toBeCloseTo(10);
    expect(trendChangePercent({ series: frame.series.slice(0, 2) })).toBeNull();
  });
  it("reads as an arrow and a rounded percentage, coloured by which way is better", () => {
    expect(changeText(4.14, "lower", "en")).toEqual({ text: "▲ 4.1%", good: false });
    expect(changeText(-4.14, "lower", "zh")).toEqual({ text: "▼ 4.1%", good: true });
    expect(changeText(0.01, "higher", "en")).toEqual({ text: "±0%", good: null });
  });
});
