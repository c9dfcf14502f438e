/**
 * Contract of GET /api/twin/v1/scorecard, run inside the twin API contract suite
 * (contract.test.ts) on each backend, whose twin is opened once there: shape, agreement with
 * /district-values, /series and /kpis (the scorecard is those reads in one), scoping by the
 * caller's domains, caching like its neighbours, and the problem envelope for bad input.
 */
import { describe, expect, it } from "vitest";
import type { RouteHandler } from "@/lib/api/handler";
import { DistrictValuesResponseSchema, KpisResponseSchema, ProblemSchema, SeriesResponseSchema } from "@/lib/twin-client/schemas";
import { districtValuesKey, kpisKey, seriesKey } from "@/lib/twin-client/keys";
import type { OperationsStore } from "@/lib/ops/port";
import type { TwinPort } from "@/lib/twin/source";
import { DOMAIN_MODULES } from "@/domains";
import { scorecardKey } from "@/lib/views/scorecard/keys";
import { ScorecardResponseSchema, SPARK_HOURS } from "@/lib/views/scorecard/schemas";
import { GET as scorecard } from "./route";

export interface ScorecardContext {
  port(): TwinPort;
  ops(): OperationsStore;
  call(handler: RouteHandler, path: string, init?: { headers?: Record<string, string> }): Promise<Response>;
  routes: { districtValues: RouteHandler; series: RouteHandler; kpis: RouteHandler };
  /** A past instant of the suite's day. */
  past: Date;
}

const ACTOR = { actor: "test", role: "-" };

async function body(res: Response) {
  const text = await res.text();
  expect(res.status, text).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/json");
  return ScorecardResponseSchema.parse(JSON.parse(text));
}

async function problemOf(res: Response, status: number) {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return ProblemSchema.parse(JSON.parse(text));
}

export function scorecardContract(ctx: ScorecardContext) {
  describe("GET /scorecard", () => {
    it("holds every registry indicator per district and city, equal to /district-values, /series and the KPIs' levels", async () => {
      const { districtValues, series, kpis } = ctx.routes;
      const res = await ctx.call(scorecard, scorecardKey({ at: ctx.past }));
      // Cached and revalidated like its neighbours (/district-values, /rank).
      expect(res.headers.get("cache-control")).toBe("private, no-cache");
      expect(res.headers.get("etag")).toMatch(/^"[\w-]+"$/);
      const sc = await body(res);
      expect(sc.simulated).toBe(true);
      expect(sc.districts.map((d) => d.id)).toEqual((await ctx.port().districts()).map((d) => d.id));
      expect(sc.indicators.map((i) => i.metric.id)).toEqual(DOMAIN_MODULES.flatMap((m) => m.scorecard.map((s) => s.metric)));
      const defs = KpisResponseSchema.parse(await (await ctx.call(kpis, kpisKey({ at: ctx.past }))).json()).kpis;
      for (const ind of sc.indicators) {
        const dv = DistrictValuesResponseSchema.parse(
          await (await ctx.call(districtValues, districtValuesKey({ metric: ind.metric.id, at: ctx.past }))).json(),
        );
        expect(
          ind.districts.map((c) => c.value),
          ind.metric.id,
        ).toEqual(dv.districts.map((d) => d.value));
        expect(ind.city.value, ind.metric.id).toBe(dv.city.value);
        // Levels are known for each indicator: the KPI's as the pack sets them, or the alert rule's.
        expect(ind.thresholds.warning ?? ind.thresholds.critical, ind.metric.id).not.toBeNull();
        if (ind.kpi) expect(ind.thresholds).toEqual(defs.find((k) => k.definition.id === ind.kpi)!.definition.thresholds);
        for (const c of [ind.city, ...ind.districts]) expect(c.spark).toHaveLength(SPARK_HOURS);
      }
      // A sparkline is the district's hourly means from /series.
      const bed = sc.indicators.find((i) => i.metric.id === "health.bedOccupancy")!;
      const k = sc.districts.findIndex((d) => d.id === "futian");
      const s = SeriesResponseSchema.parse(
        await (
          await ctx.call(
            series,
            seriesKey({
              metric: "health.bedOccupancy",
              district: "futian",
              from: new Date(sc.from),
              to: new Date(Date.parse(sc.from) + SPARK_HOURS * 3600_000),
              step: "PT1H",
            }),
          )
        ).json(),
      );
      expect(bed.districts[k]!.spark).toEqual(s.series[0]!.values.avg);
      expect(bed.districts[k]!.spark.filter((v) => v !== null).length).toBeGreaterThan(SPARK_HOURS / 2);
    });

    it("shows a caller only the indicators of its domains", async () => {
      const token = (await ctx.ops().issueToken("device", "scorecard health wall", ["health"], ACTOR)).token;
      const sc = await body(await ctx.call(scorecard, scorecardKey({ at: ctx.past }), { headers: { authorization: `Bearer ${token}` } }));
      expect(sc.indicators.length).toBeGreaterThan(0);
      expect(new Set(sc.indicators.map((i) => i.metric.domain))).toEqual(new Set(["health"]));
    });

    it("answers 400 for an unknown or malformed parameter and 422 for a future instant", async () => {
      await problemOf(await ctx.call(scorecard, "/api/twin/v1/scorecard?district=futian"), 400);
      await problemOf(await ctx.call(scorecard, "/api/twin/v1/scorecard?at=noon"), 400);
      const p = await problemOf(await ctx.call(scorecard, scorecardKey({ at: new Date(Date.now() + 400 * 86400_000) })), 422);
      expect(p.errors?.map((e) => e.parameter)).toEqual(["at"]);
    });
  });
}
