/**
 * Contract of the shared response cache, the response budget and the stream cap, run inside the
 * twin API contract suite (contract.test.ts) on each backend: its twin is opened once there (a
 * day of Shenzhen takes most of a minute on PostgreSQL), and the data version these tests see
 * change comes from that backend's own event store.
 */
import { describe, expect, it } from "vitest";
import type { RouteHandler } from "@/lib/api/handler";
import { sharedForTesting } from "@/lib/api/handler";
import { HEAVY_COST } from "@/lib/api/limits";
import { etagOf } from "@/lib/api/response-cache";
import { KpisResponseSchema, LatestResponseSchema, ProblemSchema } from "@/lib/twin-client/schemas";
import { kpisKey, latestKey, seriesKey } from "@/lib/twin-client/keys";
import type { OperationsStore } from "@/lib/ops/port";
import type { TwinPort } from "@/lib/twin/source";

export interface CachingContext {
  port(): TwinPort;
  ops(): OperationsStore;
  /** Substation load datastreams (energy) and datastreams of every domain. */
  loadIds(): string[];
  mixedIds(): string[];
  call(
    handler: RouteHandler,
    path: string,
    init?: { headers?: Record<string, string>; signal?: AbortSignal },
  ): Promise<Response>;
  routes: { kpis: RouteHandler; latest: RouteHandler; series: RouteHandler; events: RouteHandler };
}

const ACTOR = { actor: "test", role: "-" };

async function problemOf(res: Response, status: number) {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return ProblemSchema.parse(JSON.parse(text));
}

export function cachingContract(ctx: CachingContext) {
  const bearer = async (boards: string[], name: string) => ({
    authorization: `Bearer ${(await ctx.ops().issueToken("device", name, boards, ACTOR)).token}`,
  });

  describe("shared response cache and strong ETags", () => {
    it("answers one ETag per data version: 304 while the data holds, new bytes and a new ETag once it changes", async () => {
      const { latest } = ctx.routes;
      const id = ctx.loadIds()[0]!;
      const first = await ctx.call(latest, latestKey([id]));
      expect(first.status).toBe(200);
      expect(first.headers.get("cache-control")).toBe("private, no-cache");
      const etag = first.headers.get("etag")!;
      expect(etag).toMatch(/^"[\w-]+"$/);
      const before = LatestResponseSchema.parse(await first.json());

      const again = await ctx.call(latest, latestKey([id]), { headers: { "If-None-Match": etag } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe("");

      // New data without the clock moving: only the data version tells the cache.
      const t = new Date(Date.parse(before.values[0]!.t) + 1000).toISOString();
      const stored = await ctx.port().ingest([{ datastreamId: id, t, v: 4242.5 }]);
      expect(stored.accepted).toBe(1);
      const changed = await ctx.call(latest, latestKey([id]), { headers: { "If-None-Match": etag } });
      expect(changed.status).toBe(200);
      expect(changed.headers.get("etag")).not.toBe(etag);
      const after = LatestResponseSchema.parse(await changed.json());
      expect(after.values[0]).toMatchObject({ t, v: 4242.5 });
    });

    it("computes identical reads once, whatever the order of their query parameters", async () => {
      const { kpis } = ctx.routes;
      const cache = sharedForTesting().cache!;
      await ctx.call(kpis, "/api/twin/v1/kpis?domain=energy&district=futian");
      const before = cache.snapshot();
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          ctx.call(kpis, i % 2 ? "/api/twin/v1/kpis?district=futian&domain=energy" : "/api/twin/v1/kpis?domain=energy&district=futian"),
        ),
      );
      const after = cache.snapshot();
      expect(new Set(answers.map((r) => r.headers.get("etag"))).size).toBe(1);
      expect(after.misses).toBe(before.misses);
      expect(after.hits - before.hits).toBe(6);
    });

    it("never serves one scope's cached body to another", async () => {
      const { kpis, latest } = ctx.routes;
      const city = await bearer(["city"], "city wall");
      const energy = await bearer(["energy"], "energy wall");
      // The city caller fills the cache first; the energy caller asks the same URL at the same version.
      const all = await ctx.call(kpis, kpisKey(), { headers: city });
      const cityEtag = all.headers.get("etag")!;
      const cityBody = KpisResponseSchema.parse(await all.json());
      expect(new Set(cityBody.kpis.map((k) => k.definition.domain)).size).toBeGreaterThan(1);

      const mine = await ctx.call(kpis, kpisKey(), { headers: { ...energy, "If-None-Match": cityEtag } });
      expect(mine.status).toBe(200);
      expect(mine.headers.get("etag")).not.toBe(cityEtag);
      const energyBody = KpisResponseSchema.parse(await mine.json());
      expect(energyBody.kpis.length).toBeGreaterThan(0);
      expect(energyBody.kpis.every((k) => k.definition.domain === "energy")).toBe(true);

      // And the other way round: the energy caller's answer cached, the city caller still sees all.
      const again = KpisResponseSchema.parse(await (await ctx.call(kpis, kpisKey(), { headers: city })).json());
      expect(again.kpis.length).toBe(cityBody.kpis.length);

      // A datastream outside the scope stays a 403 though the city caller's answer is cached.
      const foreign = ctx.mixedIds().filter((d) => !d.includes(":Substation:") && !d.includes(":EVChargingStation:"));
      const url = latestKey(foreign.slice(-1));
      expect((await ctx.call(latest, url, { headers: city })).status).toBe(200);
      const p = await problemOf(await ctx.call(latest, url, { headers: energy }), 403);
      expect(p.code).toBe("forbidden");
    });
  });

  describe("cached answers sent as encoded once", () => {
    it("sends every caller of a scope the same bytes, whose hash is the ETag, and keeps scopes apart", async () => {
      const { kpis } = ctx.routes;
      const [a, b, energy] = await Promise.all([bearer(["city"], "bytes wall a"), bearer(["city"], "bytes wall b"), bearer(["energy"], "bytes energy")]);
      const first = await ctx.call(kpis, kpisKey(), { headers: a });
      const bytes = Buffer.from(await first.arrayBuffer());
      const second = await ctx.call(kpis, kpisKey(), { headers: b });
      expect(second.headers.get("etag")).toBe(first.headers.get("etag"));
      expect(Buffer.from(await second.arrayBuffer()).equals(bytes)).toBe(true);
      expect(first.headers.get("etag")).toBe(etagOf(bytes.toString("utf8")));
      expect(first.headers.get("content-type")).toBe("application/json");
      KpisResponseSchema.parse(JSON.parse(bytes.toString("utf8")));

      const held = await ctx.call(kpis, kpisKey(), { headers: { ...b, "If-None-Match": first.headers.get("etag")! } });
      expect(held.status).toBe(304);
      expect(await held.text()).toBe("");

      const mine = await ctx.call(kpis, kpisKey(), { headers: energy });
      const body = KpisResponseSchema.parse(await mine.json());
      expect(mine.headers.get("etag")).not.toBe(first.headers.get("etag"));
      expect(body.kpis.every((k) => k.definition.domain === "energy")).toBe(true);
    });
  });

  describe("bounded cost", () => {
    const aggs = ["avg", "min", "max", "sum", "count", "last"] as const;

    it("refuses a series answer over the budget with a 422 naming the limit and how to ask for less", async () => {
      const { series } = ctx.routes;
      const to = await ctx.port().now();
      const from = new Date(to.getTime() - 30 * 86400_000);
      const q = { datastreams: ctx.loadIds(), from, to, step: "PT5M", maxPoints: 10_000 };
      const p = await problemOf(await ctx.call(series, seriesKey({ ...q, agg: [...aggs] })), 422);
      expect(p.code).toBe("response_budget");
      expect(p.detail).toContain("TWINOPS_RESPONSE_MAX_POINTS");
      expect(p.detail).toMatch(/\d+ series × \d+ buckets × 6 aggregates/);
      expect(p.errors?.map((e) => e.parameter)).toContain("maxPoints");
      // The same range with one aggregate fits (an expensive read: it takes the heavy line).
      const fits = await ctx.call(series, seriesKey({ ...q, agg: ["avg"] }));
      expect(fits.status, await fits.clone().text()).toBe(200);
    });

    it("sends an expensive read's bytes as the inline read serialises them, and answers a light read meanwhile", async () => {
      const { series, kpis } = ctx.routes;
      const to = await ctx.port().now();
      const from = new Date(to.getTime() - 86400_000);
      const ids = [...ctx.loadIds(), ...ctx.mixedIds()];
      const q = { datastreams: ids, from, to, step: "PT5M", maxPoints: 300 };
      // Over HEAVY_COST values: the twin computes it apart (a worker thread, PostgreSQL's heavy pool).
      expect(ids.length * 289 * aggs.length).toBeGreaterThanOrEqual(HEAVY_COST);
      const order: string[] = [];
      const heavy = ctx.call(series, seriesKey({ ...q, agg: [...aggs] })).then(async (r) => {
        order.push("heavy");
        return { status: r.status, text: await r.text() };
      });
      const light = ctx.call(kpis, kpisKey({ domain: "energy" })).then((r) => {
        order.push("light");
        return r.status;
      });
      const [h, l] = await Promise.all([heavy, light]);
      expect(h.status, h.text.slice(0, 300)).toBe(200);
      expect(l).toBe(200);
      expect(order).toEqual(["light", "heavy"]);
      const { step } = JSON.parse(h.text) as { step: string };
      expect(step).toBe("PT5M");
      const inline = await ctx.port().series({ datastreams: ids, from, to, stepSeconds: 300, aggs: [...aggs] });
      expect(h.text).toBe(JSON.stringify({ from: from.toISOString(), to: to.toISOString(), step, series: inline }));
    });

    it("caps open event streams per caller with a 429 carrying Retry-After, and frees a place when one closes", async () => {
      const { events } = ctx.routes;
      const wall = await bearer(["city"], "many tabs");
      const streams: AbortController[] = [];
      try {
        for (let i = 0; i < 8; i++) {
          const ac = new AbortController();
          streams.push(ac);
          expect((await ctx.call(events, "/api/twin/v1/events", { headers: wall, signal: ac.signal })).status).toBe(200);
        }
        const refused = await ctx.call(events, "/api/twin/v1/events", { headers: wall });
        expect(refused.headers.get("retry-after")).toBe("30");
        const p = await problemOf(refused, 429);
        expect(p.code).toBe("too_many_streams");
        expect(p.retryAfter).toBe(30);
        expect(p.detail).toContain("TWINOPS_SSE_PER_PRINCIPAL");
        // Another caller is not counted against this one.
        const other = new AbortController();
        streams.push(other);
        expect((await ctx.call(events, "/api/twin/v1/events", { headers: await bearer(["city"], "other"), signal: other.signal })).status).toBe(200);

        streams.shift()!.abort();
        const ac = new AbortController();
        streams.push(ac);
        expect((await ctx.call(events, "/api/twin/v1/events", { headers: wall, signal: ac.signal })).status).toBe(200);
      } finally {
        streams.forEach((s) => s.abort());
      }
    });
  });
}
