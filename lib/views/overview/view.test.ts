import { describe, expect, it } from "vitest";
import type { DistrictValuesResponse, SeriesResponse } from "@/lib/twin-client/schemas";
import { seriesKey } from "@/lib/twin-client/keys";
import { actualVsForecastFrame, dayBeforeSeries, districtBarsFrame, joinSeries, onDaySlots, onRollingSlots, overviewSeries, singleSeriesFrame } from "./view";

const series = (t: string[], v: (number | null)[], agg: "avg" | "last" = "avg", unit = "MW"): SeriesResponse => ({
  from: t[0] ?? "",
  to: t[t.length - 1] ?? "",
  step: "PT15M",
  series: [{ id: "x@city", unit: { symbol: unit, code: "X" }, step: "PT15M", t, values: { [agg]: v } }],
});

describe("overviewSeries", () => {
  it("gives server and client the same keys for today's charts", () => {
    const day = new Date("2026-07-14T16:00:00Z");
    const a = overviewSeries(day, "Asia/Shanghai");
    const b = overviewSeries(new Date(day.getTime()), "Asia/Shanghai");
    expect(seriesKey(a.energyLoad)).toBe(seriesKey(b.energyLoad));
    expect(seriesKey(a.energyForecast)).toContain("to=2026-07-15T16%3A00%3A00.000Z");
  });

  it("runs the forecast to the next day's start, also on a 23- or 25-hour day", () => {
    expect(overviewSeries(new Date("2026-03-28T23:00:00Z"), "Europe/Berlin").energyForecast.to).toEqual(new Date("2026-03-29T22:00:00Z"));
    expect(overviewSeries(new Date("2026-11-01T04:00:00Z"), "America/New_York").energyForecast.to).toEqual(new Date("2026-11-02T05:00:00Z"));
  });
});

describe("actualVsForecastFrame", () => {
  it("puts actual and forecast on one axis; the actual stops at now", () => {
    const f = actualVsForecastFrame(
      series(["2026-07-15T00:00:00Z", "2026-07-15T00:15:00Z"], [100, 110]),
      series(["2026-07-15T00:00:00Z", "2026-07-15T00:15:00Z", "2026-07-15T00:30:00Z"], [105, 108, 112]),
      { timezone: "Asia/Shanghai" },
    );
    expect(f?.t).toHaveLength(3);
    expect(f?.series[0]?.values).toEqual([100, 110, null]);
    expect(f?.series[1]?.values).toEqual([105, 108, 112]);
    expect(f?.unit).toBe("MW");
  });
  it("is null when there is nothing to draw", () => {
    expect(actualVsForecastFrame(undefined, undefined, { timezone: "UTC" })).toBeNull();
  });
});

describe("onDaySlots", () => {
  it("keeps a today chart at the day's 96 slots from the first reading to the last", () => {
    const day = new Date("2026-07-14T16:00:00Z");
    const frame = (n: number) =>
      actualVsForecastFrame(
        series(Array.from({ length: n }, (_, i) => new Date(day.getTime() + i * 900_000).toISOString()), Array.from({ length: n }, (_, i) => i)),
        undefined,
        { timezone: "Asia/Shanghai" },
      );
    for (const n of [1, 40, 96]) {
      const f = onDaySlots(frame(n), day, "Asia/Shanghai");
      expect(f?.t).toHaveLength(96);
      expect(f?.t[0]).toBe("2026-07-14T16:00:00.000Z");
      expect(f?.t[95]).toBe("2026-07-15T15:45:00.000Z");
      expect(f?.series[0]?.values).toHaveLength(96);
      expect(f?.series[0]?.values.filter((v) => v !== null)).toHaveLength(n);
      expect(f?.series[0]?.values[n - 1]).toBe(n - 1);
    }
    // A reading outside the day is left out, not wrapped onto another slot.
    const stray = onDaySlots(actualVsForecastFrame(series(["2026-07-14T15:45:00Z"], [7]), undefined, { timezone: "UTC" }), day, "Asia/Shanghai");
    expect(stray?.series[0]?.values.every((v) => v === null)).toBe(true);
    expect(onDaySlots(null, day, "Asia/Shanghai")).toBeNull();
  });

  it("has 92 slots on a 23-hour day and 100 on a 25-hour one, the last ending at the next day's start", () => {
    const cases = [
      { tz: "Europe/Berlin", start: "2026-03-28T23:00:00.000Z", n: 92, last: "2026-03-29T21:45:00.000Z" },
      { tz: "America/New_York", start: "2026-11-01T04:00:00.000Z", n: 100, last: "2026-11-02T04:45:00.000Z" },
      { tz: "Atlantic/Azores", start: "2026-03-29T01:00:00.000Z", n: 92, last: "2026-03-29T23:45:00.000Z" },
    ];
    for (const c of cases) {
      const start = new Date(c.start);
      const t = Array.from({ length: c.n }, (_, i) => new Date(start.getTime() + i * 900_000).toISOString());
      const f = onDaySlots(actualVsForecastFrame(series(t, t.map((_, i) => i)), undefined, { timezone: c.tz }), start, c.tz);
      expect(f?.t, c.tz).toHaveLength(c.n);
      expect(f?.t.at(-1), c.tz).toBe(c.last);
      // Every reading of the day has its slot: none dropped at the end of a long day.
      expect(f?.series[0]?.values.filter((v) => v !== null), c.tz).toHaveLength(c.n);
    }
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
    const f = districtBarsFrame(res, {});
    expect(f?.bars.map((c) => c.id)).toEqual(["nanshan", "futian", "dapeng"]);
    expect(f?.bars.map((c) => c.value)).toEqual([91, 80, null]);
    expect(f?.unit).toBe("%");
    expect(districtBarsFrame({ ...res, districts: [value("futian", "Futian", null)] }, {})).toBeNull();
    expect(districtBarsFrame(undefined, {})).toBeNull();
  });
});

describe("rolling 24-hour window", () => {
  const tz = "Asia/Shanghai";
  const res = (t: string[], v: number[]) => ({
    asOf: t[t.length - 1] ?? "",
    series: [{ id: "energy.load@city", unit: { symbol: "MW", code: "MAW" }, step: "PT15M", t, values: { avg: v } }],
  });
  it("joins yesterday and today and keeps 96 slots ending now, with local midnight marked", () => {
    // 01:10 in Shenzhen on 16 July: 17:10Z on the 15th; midnight was 16:00Z.
    const now = Date.parse("2026-07-15T17:10:00Z");
    const yesterday = res(["2026-07-15T15:30:00Z", "2026-07-15T15:45:00Z"], [10, 11]);
    const today = res(["2026-07-15T16:00:00Z", "2026-07-15T17:00:00Z"], [12, 13]);
    const joined = joinSeries(yesterday as never, today as never);
    const frame = onRollingSlots(singleSeriesFrame(joined, { name: { en: "", zh: "" }, timezone: tz }), now, tz);
    expect(frame?.t).toHaveLength(96);
    expect(frame?.t[95]).toBe("2026-07-15T17:00:00.000Z");
    expect(frame?.t[0]).toBe("2026-07-14T17:15:00.000Z");
    const v = frame?.series[0]?.values ?? [];
    expect(v.filter((x) => x !== null)).toEqual([10, 11, 12, 13]);
    expect(frame?.times).toEqual([{ t: "2026-07-15T16:00:00.000Z", label: { en: expect.stringMatching(/^00:00 16 Jul/), zh: expect.stringMatching(/^0时 7月16日/) } }]);
  });
  it("asks for the whole previous city day", () => {
    const q = dayBeforeSeries(new Date("2026-07-15T16:00:00Z"), tz);
    expect(q.energyLoad.from?.toISOString()).toBe("2026-07-14T16:00:00.000Z");
    expect(q.energyLoad.to?.toISOString()).toBe("2026-07-15T16:00:00.000Z");
  });
});
