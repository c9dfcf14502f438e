import { describe, expect, it } from "vitest";
import type { ScorecardIndicator, ScorecardResponse } from "./schemas";
import { LEVEL_COLOURS } from "@/lib/views/department/map-scale";
import { levelOf, ordinal, rankValues, roundTo, scorecardView, sortRows, sparkPaths, sparkRange } from "./view";

const AT = "2026-07-15T04:00:00.000Z";

function indicator(
  id: string,
  better: "higher" | "lower",
  thresholds: ScorecardIndicator["thresholds"],
  values: (number | null)[],
  digits = 1,
): ScorecardIndicator {
  const c = (value: number | null) => ({ value, asOf: value === null ? null : AT, stale: false, spark: [value] });
  return {
    metric: {
      id,
      domain: id.startsWith("health") ? "health" : "transport",
      name: { en: id, zh: id },
      unit: { symbol: "%", code: "P1" },
      rollup: "avg",
    },
    better,
    kpi: null,
    thresholds,
    digits,
    city: c(50),
    districts: values.map(c),
  };
}

function response(indicators: ScorecardIndicator[], n = 4): ScorecardResponse {
  return {
    at: AT,
    asOf: AT,
    from: "2026-07-14T05:00:00.000Z",
    step: "PT1H",
    simulated: true,
    districts: Array.from({ length: n }, (_, i) => ({ id: `d${i}`, name: { en: `D${i}`, zh: `区${i}` } })),
    indicators,
  };
}

describe("rankValues", () => {
  it("ranks lower-is-better values from the lowest, ties sharing the better rank (1, 2, 2, 4)", () => {
    expect(rankValues([30, 40, 20, 30], "lower")).toEqual([2, 4, 1, 2]);
  });
  it("ranks higher-is-better values from the highest", () => {
    expect(rankValues([30, 40, 20, 30], "higher")).toEqual([2, 1, 4, 2]);
  });
  it("gives missing values no rank and does not count them", () => {
    expect(rankValues([null, 5, Number.NaN, 3], "lower")).toEqual([null, 2, null, 1]);
  });
});

describe("levelOf", () => {
  const bed = indicator("health.bedOccupancy", "lower", { warning: 90, critical: 95 }, []);
  const speed = indicator("transport.speed", "higher", { warning: 25, critical: 15 }, []);
  it("uses the KPI's own levels, a value on a threshold in the worse class", () => {
    expect([levelOf(bed, 89.9), levelOf(bed, 90), levelOf(bed, 94.99), levelOf(bed, 95)]).toEqual([
      "normal",
      "warning",
      "warning",
      "critical",
    ]);
    expect([levelOf(speed, 30), levelOf(speed, 25), levelOf(speed, 16), levelOf(speed, 15)]).toEqual([
      "normal",
      "warning",
      "warning",
      "critical",
    ]);
  });
  it("has no level without a value", () => {
    expect(levelOf(bed, null)).toBeNull();
  });
  it("falls back to the alert rule's levels of a measure without a KPI (feeder loading)", () => {
    const feeders = indicator("energy.feederLoading", "lower", { warning: null, critical: null }, []);
    expect(levelOf(feeders, 50)).toBe("normal");
    expect(levelOf(feeders, 100)).toBe("critical");
  });
  it("has no level when none are known (no invented range)", () => {
    expect(levelOf(indicator("x.unknown", "lower", { warning: null, critical: null }, []), 50)).toBeNull();
  });
});

describe("scorecardView", () => {
  const view = scorecardView(
    response([indicator("health.bedOccupancy", "lower", { warning: 90, critical: 95 }, [91.04, null, 91.01, 96])]),
  );
  it("ranks on the value as shown, so two districts showing 91.0 share a rank", () => {
    expect(view.rows.map((r) => r.cells[0]!.shown)).toEqual([91, null, 91, 96]);
    expect(view.rows.map((r) => r.cells[0]!.rank)).toEqual([1, null, 1, 3]);
    expect(view.rows.map((r) => r.cells[0]!.of)).toEqual([3, 3, 3, 3]);
  });
  it("keeps a missing value missing: no number, no level, no colour, no rank", () => {
    const missing = view.rows[1]!.cells[0]!;
    expect(missing).toMatchObject({ value: null, shown: null, level: null, colour: null, rank: null });
  });
  it("colours a cell with the department maps' level colour and counts a row's alarms", () => {
    expect(view.rows.map((r) => r.cells[0]!.colour)).toEqual([LEVEL_COLOURS.warning, null, LEVEL_COLOURS.warning, LEVEL_COLOURS.critical]);
    expect(view.rows.map((r) => r.alarms)).toEqual([1, 0, 1, 1]);
  });
  it("gives the city row values and levels but no rank", () => {
    expect(view.city[0]).toMatchObject({ value: 50, shown: 50, level: "normal", rank: null });
  });
  it("sorts by a column worst first, missing values last, and back best first", () => {
    expect(sortRows(view.rows, 0).map((r) => r.id)).toEqual(["d3", "d0", "d2", "d1"]);
    expect(sortRows(view.rows, 0, false).map((r) => r.id)).toEqual(["d0", "d2", "d3", "d1"]);
    expect(sortRows(view.rows, null).map((r) => r.id)).toEqual(["d0", "d1", "d2", "d3"]);
  });
});

describe("roundTo", () => {
  it("rounds half away from zero at the indicator's digits", () => {
    expect([roundTo(1.25, 1), roundTo(31.349, 1), roundTo(7, 0)]).toEqual([1.3, 31.3, 7]);
  });
});

describe("ordinal and sparklines", () => {
  it("writes English ordinals, Chinese plain numbers", () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22].map((n) => ordinal(n, "en"))).toEqual([
      "1st",
      "2nd",
      "3rd",
      "4th",
      "11th",
      "12th",
      "13th",
      "21st",
      "22nd",
    ]);
    expect(ordinal(3, "zh")).toBe("3");
  });
  it("breaks a sparkline at a missing hour and keeps a flat line in the middle", () => {
    expect(sparkPaths([1, 2, null, 3], 30, 10)).toEqual(["0.0,9.0 10.0,5.0", "30.0,1.0"]);
    expect(sparkPaths([5, 5], 10, 10)).toEqual(["0.0,5.0 10.0,5.0"]);
    expect(sparkPaths([null, null], 10, 10)).toEqual([]);
    expect(sparkRange([null, 4, 2])).toEqual({ min: 2, max: 4 });
  });
});
