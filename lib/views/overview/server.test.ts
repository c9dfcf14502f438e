import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DOMAIN_MODULES } from "@/domains";
import { alertsKey, districtValuesKey, kpisKey, seriesKey } from "@/lib/twin-client/keys";
import type { KpisResponse, SeriesResponse } from "@/lib/twin-client/schemas";
import { setTwinForTesting } from "@/lib/twin/runtime";
import { embeddedPort } from "@/lib/twin/sources/embedded-port";
import { manualClock } from "@/lib/twin/simulator/clock";
import { createEmbeddedTwin, type EmbeddedTwin } from "@/lib/twin/sources/embedded";
import { DOMAINS } from "@/lib/twin/types";
import { cityDayStartIso, renderClock, twinNowMs } from "./clock";
import { getOverview, type OverviewData } from "./server";
import { ACTIVE_ALERTS, cellQueries, overviewSeries } from "./view";

let twin: EmbeddedTwin;
let overview: OverviewData;

beforeAll(async () => {
  twin = createEmbeddedTwin({
    dbPath: ":memory:",
    city: "shenzhen",
    seed: 42,
    backfillDays: 0.5,
    tickSeconds: 0,
    clock: manualClock(new Date("2026-07-15T14:05:00+08:00")),
  });
  setTwinForTesting(embeddedPort(twin));
  overview = await getOverview();
});

afterAll(() => {
  setTwinForTesting(undefined);
  twin.close();
});

describe("getOverview (first paint of /)", () => {
  it("fixes 'today' to Shenzhen midnight of the twin's clock", () => {
    expect(overview.now).toBe("2026-07-15T06:05:00.000Z");
    expect(overview.dayStart).toBe("2026-07-14T16:00:00.000Z");
  });

  it("gives the browser's first render the same 'today' as the seeded keys", () => {
    // What the pages hand to the client, and how the live provider derives its first day from it.
    const clock = renderClock(overview.now, overview.renderedAt);
    const firstClientDay = cityDayStartIso(twinNowMs(clock, null), overview.landing.city.timezone, null);
    expect(firstClientDay).toBe(overview.dayStart);
  });

  it("seeds exactly the keys the client hooks ask for, so nothing waits for a fetch", () => {
    const q = overviewSeries(new Date(overview.dayStart), overview.landing.city.timezone);
    // Each domain cell's chart (the registry's cell spec), as the cell's hooks ask for it.
    const cells = DOMAIN_MODULES.flatMap((m) => {
      const c = cellQueries(m.cell.chart, new Date(overview.dayStart), overview.landing.city.timezone);
      return c.kind === "districts" ? [districtValuesKey(c.main)] : [seriesKey(c.main), ...(c.overlay ? [seriesKey(c.overlay)] : [])];
    });
    const expected = [...DOMAINS.map((domain) => kpisKey({ domain })), alertsKey(ACTIVE_ALERTS), ...cells];
    expect(Object.keys(overview.fallback).sort()).toEqual(expected.sort());
    // The first four domains' cells ask what they asked before the registry.
    for (const k of [seriesKey(q.energyLoad), seriesKey(q.energyForecast), seriesKey(q.congestion), seriesKey(q.pm25), districtValuesKey(q.bedOccupancy)]) expect(cells).toContain(k);
  });

  it("carries the city load in MW and today's load curve up to now", () => {
    const kpis = overview.fallback[kpisKey({ domain: "energy" })] as KpisResponse;
    const load = kpis.kpis.find((k) => k.definition.id === "energy.load");
    expect(load?.definition.unit.symbol).toBe("MW");
    expect(load?.value).toBeGreaterThan(5_000);
    const q = overviewSeries(new Date(overview.dayStart), overview.landing.city.timezone);
    const series = overview.fallback[seriesKey(q.energyLoad)] as SeriesResponse;
    const values = series.series[0]?.values.avg ?? [];
    expect(values.filter((v) => v !== null).length).toBeGreaterThan(40);
  });

  it("says the data is simulated and names the city in both languages", () => {
    expect(overview.landing.simulated).toBe(true);
    expect(overview.landing.city.name).toEqual({ en: "Shenzhen", zh: "深圳" });
  });
});
