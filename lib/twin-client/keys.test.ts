import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { alertsKey, assetKey, assetsKey, kpisKey, latestKey, seriesKey } from "./keys";
import { AlertsQuerySchema, AssetsQuerySchema, SeriesQuerySchema, type SeriesQuery } from "./schemas";

function queryOf(key: string): Record<string, string> {
  return Object.fromEntries(new URL(key, "http://localhost").searchParams);
}

describe("keys", () => {
  it("write parameters in one fixed order whatever order the caller used", () => {
    const a = seriesKey({ metric: "load", district: "futian", agg: ["avg", "max"], maxPoints: 500 });
    const b = seriesKey({ maxPoints: 500, agg: ["avg", "max"], district: "futian", metric: "load" });
    expect(a).toBe(b);
    expect(a).toBe("/api/twin/v1/series?metric=load&district=futian&agg=avg,max&maxPoints=500");
  });

  it("leave absent params out and write dates as UTC ISO instants", () => {
    expect(kpisKey()).toBe("/api/twin/v1/kpis");
    expect(kpisKey({ at: new Date("2026-07-15T12:00:00+08:00") })).toBe("/api/twin/v1/kpis?at=2026-07-15T04%3A00%3A00.000Z");
    expect(latestKey(["a:1", "b:2"])).toBe("/api/twin/v1/latest?datastreams=a%3A1,b%3A2");
    expect(assetKey("urn:ngsi-ld:Substation:shenzhen:s1")).toBe("/api/twin/v1/assets/urn:ngsi-ld:Substation:shenzhen:s1");
  });

  it("parse back (through the endpoint schema) to the params they were built from", () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            datastreams: fc.array(fc.stringMatching(/^[a-z0-9:_-]{1,20}$/), { minLength: 1, maxLength: 5 }),
            from: fc.date({ min: new Date("2020-01-01"), max: new Date("2030-01-01"), noInvalidDate: true }),
            step: fc.constantFrom("PT5M", "PT1H", "P1D"),
            agg: fc.subarray(["avg", "min", "max", "sum", "count", "last"] as const, { minLength: 1 }),
            maxPoints: fc.integer({ min: 10, max: 10000 }),
          },
          { requiredKeys: ["datastreams"] },
        ),
        (q) => {
          const params = { ...q, agg: q.agg ? [...q.agg] : undefined } as SeriesQuery;
          const parsed = SeriesQuerySchema.parse(queryOf(seriesKey(params)));
          expect(seriesKey(parsed)).toBe(seriesKey(params));
          expect(parsed.datastreams).toEqual(params.datastreams);
        },
      ),
    );
    const assets = { domain: "energy", bbox: [113.9, 22.4, 114.2, 22.7], q: "福田 & co", limit: 50 } as const;
    expect(AssetsQuerySchema.parse(queryOf(assetsKey({ ...assets, bbox: [...assets.bbox] })))).toEqual({ ...assets, bbox: [...assets.bbox] });
    const alerts = { state: ["open" as const], since: new Date("2026-07-15T00:00:00Z"), limit: 10 };
    expect(AlertsQuerySchema.parse(queryOf(alertsKey(alerts)))).toEqual(alerts);
  });
});
