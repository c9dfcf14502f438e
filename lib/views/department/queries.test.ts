import { describe, expect, it } from "vitest";
import { DEPARTMENTS } from "@/lib/config/departments";
import { districtValuesKey, kpisKey, rankKey } from "@/lib/twin-client/keys";
import { ALL_OF_TYPE, alertsQuery, districtValuesQuery, kpisQuery, rankQuery, seedList, SERIES_POINTS, trendQueries, typeAssetsQuery } from "./queries";
import { DEFAULT_VIEW, compareWindow, resolveWindow } from "./view-state";

const NOW = new Date("2026-07-15T02:02:30Z");
const DAY = new Date("2026-07-14T16:00:00Z");

function view(patch = {}) {
  const state = { ...DEFAULT_VIEW, ...patch };
  const window = resolveWindow(state, NOW, DAY);
  return { state, window, compare: compareWindow(state, window), cursor: state.at };
}

describe("department queries", () => {
  it("trends ask the window with at most SERIES_POINTS points, the district, and the comparison window", () => {
    const p = DEPARTMENTS.energy.panels.find((x) => x.kind === "trend" && x.id === "load");
    if (!p || p.kind !== "trend") throw new Error("no load panel");
    const q = trendQueries(p, view({ district: "futian", compare: "week" }));
    expect(q.main).toMatchObject({ metric: "energy.load", district: "futian", maxPoints: SERIES_POINTS });
    expect(q.overlay?.metric).toBe("energy.forecast");
    expect(q.main.from!.getTime() - q.compare!.from!.getTime()).toBe(7 * 86_400_000);
  });

  it("trends of slow metrics ask for buckets no finer than the metric's cadence", () => {
    const p = DEPARTMENTS.health.panels.find((x) => x.id === "icu-trend");
    if (!p || p.kind !== "trend") throw new Error("no icu trend");
    expect(trendQueries(p, view()).main.step).toBe("PT15M");
  });

  it("value queries carry `at` only with a cursor, so live views follow now", () => {
    const p = DEPARTMENTS.health.panels.find((x) => x.kind === "rank");
    if (!p || p.kind !== "rank") throw new Error("no rank panel");
    expect(rankQuery(p, view()).at).toBeUndefined();
    const at = new Date("2026-07-14T20:00:00Z");
    expect(rankQuery(p, view({ at })).at).toEqual(at);
    expect(kpisQuery("health", view({ at, district: "nanshan" }))).toEqual({ domain: "health", at, district: "nanshan" });
    expect(alertsQuery("health", view({ at })).state).toBeUndefined();
    expect(alertsQuery("health", view()).state).toEqual(["open", "acknowledged", "assigned"]);
  });

  it("district bars always ask every district; rankings, distributions, groups and breakdowns follow the filter", () => {
    const v = view({ district: "futian" });
    expect(districtValuesQuery("health.bedOccupancy", v)).toEqual({ metric: "health.bedOccupancy", at: undefined });
    const ambulance = DEPARTMENTS.health.panels.find((x) => x.id === "ambulance");
    const lines = DEPARTMENTS.transport.panels.find((x) => x.id === "metro-lines");
    if (ambulance?.kind !== "distribution" || lines?.kind !== "group") throw new Error("panels moved");
    expect(rankQuery(ambulance, v)).toMatchObject({ district: "futian", limit: ALL_OF_TYPE, order: undefined });
    expect(rankQuery(lines, v)).toMatchObject({ district: "futian", limit: ALL_OF_TYPE });
    expect(typeAssetsQuery("CityWork", v)).toEqual({ type: "CityWork", district: "futian", limit: ALL_OF_TYPE });
  });

  it("seeds under the keys the client hooks ask", () => {
    const v = view({ district: "nanshan" });
    const keys = seedList(DEPARTMENTS.energy, v, "energy").map((s) => s.key);
    expect(keys).toContain(districtValuesKey(districtValuesQuery("energy.evUtilisation", v)));
    const feeders = DEPARTMENTS.energy.panels.find((x) => x.id === "feeders");
    if (feeders?.kind !== "rank") throw new Error("no feeders panel");
    expect(keys).toContain(rankKey(rankQuery(feeders, v)));
    // Without a comparison no comparison series is asked.
    const load = DEPARTMENTS.energy.panels.find((x) => x.id === "load");
    if (load?.kind !== "trend") throw new Error("no load panel");
    expect(trendQueries(load, v).compare).toBeNull();
  });

  it("seeds the header's KPIs of the caller's first domain, never energy for a viewer of another", () => {
    const keys = seedList(DEPARTMENTS.health, view({}), "health").map((s) => s.key);
    expect(keys).toContain(kpisKey({ domain: "health" }));
    expect(keys.filter((k) => k.includes("energy"))).toEqual([]);
  });

  it("seeds every panel of every department once", () => {
    for (const d of Object.values(DEPARTMENTS)) {
      const seeds = seedList(d, view({ compare: "previous" }), "energy");
      expect(new Set(seeds.map((s) => s.key)).size).toBe(seeds.length);
      expect(seeds.length).toBeGreaterThanOrEqual(d.panels.length);
    }
  });

  it("every department has at least six panels and known panel ids", () => {
    for (const d of Object.values(DEPARTMENTS)) {
      expect(d.panels.length).toBeGreaterThanOrEqual(6);
      expect(new Set(d.panels.map((p) => p.id)).size).toBe(d.panels.length);
    }
  });
});
