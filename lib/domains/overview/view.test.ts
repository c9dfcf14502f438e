import { describe, expect, it } from "vitest";
import type { DistrictValuesResponse, SeriesResponse } from "@/lib/domains/twin/schemas";
import { seriesKey } from "@/lib/domains/twin/keys";
import { actualVsForecastFrame, cityDayStart, districtBarsFrame, onDaySlots, overviewSeries } from "./view";

const series = (t: string[], v: (number | null)[], agg: "avg" | "last" = "avg", unit = "MW"): SeriesResponse => ({
  from: t[0] ?? "",
  to: t[t.length - 1] ?? "",
  step: "PT15M",
  series: [{ id: "x@city", unit: { symbol: unit, code: "X" }, step: "PT15M", t, values: { [agg]: v } }],
});

describe("cityDayStart", () => {
  it("is Shenzhen midnight, even when it is still yesterday in UTC", () => {
    expect(cityDayStart(new Date("2026-07-15T18:30:00Z"), "Asia/Shanghai").toISOString()).toBe("2026-07-15T16:00:00.000Z");
    expect(cityDayStart(new Date("2026-07-15T03:00:00Z"), "Asia/Shanghai").toISOString()).toBe("2026-07-14T16:00:00.000Z");
  });
});

describe("overviewSeries", () => {
  it("gives server and client the same keys for today's charts", () => {
    const day = new Date("2026-07-14T16:00:00Z");
    const a = overviewSeries(day);
    const b = overviewSeries(new Date(day.getTime()));
    expect(seriesKey(a.energyLoad)).toBe(seriesKey(b.energyLoad));
    expect(seriesKey(a.energyForecast)).toContain("to=2026-07-15T16%3A00%3A00.000Z");
  });
});

describe("actualVsForecastFrame", () => {
  it("puts actual and forecast on one axis; the actual stops at now", () => {
    const f = actualVsForecastFrame(
      series(["2026-07-15T00:00:00Z", "2026-07-15T00:15:00Z"], [100, 110]),
      series(["2026-07-15T00:00:00Z", "2026-07-15T00:15:00Z", "2026-07-15T00:30:00Z"], [105, 108, 112]),
      { title: { en: "Load", zh: "负荷" }, timezone: "Asia/Shanghai" },
    );
    expect(f?.t).toHaveLength(3);
    expect(f?.series[0]?.values).toEqual([100, 110, null]);
    expect(f?.series[1]?.values).toEqual([105, 108, 112]);
    expect(f?.unit).toBe("MW");
  });
  it("is null when there is nothing to draw", () => {
    expect(actualVsForecastFrame(undefined, undefined, { title: { en: "", zh: "" }, timezone: "UTC" })).toBeNull();
  });
});

describe("onDaySlots", () => {
  it("keeps a today chart at the day's 96 slots from the first reading to the last", () => {
    const day = new Date("2026-07-14T16:00:00Z");
    const frame = (n: number) =>
      actualVsForecastFrame(
        series(Array.from({ length: n }, (_, i) => new Date(day.getTime() + i * 900_000).toISOString()), Array.from({ length: n }, (_, i) => i)),
        undefined,
        { title: { en: "Congestion", zh: "拥堵" }, timezone: "Asia/Shanghai" },
      );
    for (const n of [1, 40, 96]) {
      const f = onDaySlots(frame(n), day);
      expect(f?.t).toHaveLength(96);
      expect(f?.t[0]).toBe("2026-07-14T16:00:00.000Z");
      expect(f?.t[95]).toBe("2026-07-15T15:45:00.000Z");
      expect(f?.series[0]?.values).toHaveLength(96);
      expect(f?.series[0]?.values.filter((v) => v !== null)).toHaveLength(n);
      expect(f?.series[0]?.values[n - 1]).toBe(n - 1);
    }
    // A reading outside the day is left out, not wrapped onto another slot.
    const stray = onDaySlots(actualVsForecastFrame(series(["2026-07-14T15:45:00Z"], [7]), undefined, { title: { en: "", zh: "" }, timezone: "UTC" }), day);
    expect(stray?.series[0]?.values.every((v) => v === null)).toBe(true);
    expect(onDaySlots(null, day)).toBeNull();
  });
});

describe("districtBarsFrame", () => {
  it("takes every district's value in the metric's unit and sorts highest first", () => {
    const value = (id: string, en: string, v: number | null) => ({ id, name: { en, zh: en }, value: v, asOf: v === null ? null : "2026-07-15T02:00:00Z", stale: false });
    const res: DistrictValuesResponse = {
      metric: { id: "health.bedOccupancy", domain: "health", name: { en: "Beds", zh: "床位" }, unit: { symbol: "%", code: "P1" }, rollup: "avg" },
      at: "2026-07-15T02:00:00Z",
      asOf: "2026-07-15T02:00:00Z",
      city: { value: 85, asOf: "2026-07-15T02:00:00Z", stale: false },
      districts: [value("futian", "Futian", 80), value("nanshan", "Nanshan", 91), value("dapeng", "Dapeng", null)],
    };
    const f = districtBarsFrame(res, { title: { en: "Beds", zh: "床位" } });
    expect(f?.categories.map((c) => c.id)).toEqual(["nanshan", "futian", "dapeng"]);
    expect(f?.values).toEqual([91, 80, null]);
    expect(f?.unit).toBe("%");
    expect(districtBarsFrame({ ...res, districts: [value("futian", "Futian", null)] }, { title: { en: "", zh: "" } })).toBeNull();
    expect(districtBarsFrame(undefined, { title: { en: "", zh: "" } })).toBeNull();
  });
});
