/**
 * Contract tests of /api/twin/v1: the exported route handlers called with plain Requests, over a
 * real twin (Shenzhen, one day of history, clock pinned by hand) on each backend: the embedded
 * SQLite twin with the SQLite operations store, and the PostgreSQL twin with the PostgreSQL
 * operations store (a fresh schema on the throwaway server, skipped loudly without one). The same
 * assertions run on both; what legitimately differs is a field of `Backend`, asserted per backend.
 * Status, content type, body shape (validated against the response schemas), caching headers,
 * the problem envelope for every kind of bad input, "nothing a client sends yields 500", and
 * live ticks arriving over SSE.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import type { RouteHandler } from "@/lib/api/handler";
import { setSseHeartbeatMsForTesting } from "@/lib/api/sse";
import {
  AlertsResponseSchema,
  AlertStatsResponseSchema,
  AssetDetailResponseSchema,
  AssetsResponseSchema,
  DistrictValuesResponseSchema,
  KpisResponseSchema,
  LandingResponseSchema,
  LatestResponseSchema,
  ProblemSchema,
  RankResponseSchema,
  SeriesResponseSchema,
} from "@/lib/twin-client/schemas";
import { alertExportUrl, alertStatsKey, alertsKey, assetKey, assetsKey, districtValuesKey, kpisKey, latestKey, rankKey, seriesKey } from "@/lib/twin-client/keys";
import { PgOpsStore } from "@/lib/ops/pg-store";
import { opsSchemaName } from "@/lib/ops/pg-schema";
import type { OperationsStore } from "@/lib/ops/port";
import { setOpsStoreForTesting } from "@/lib/ops/runtime";
import { SqliteOpsStore } from "@/lib/ops/sqlite-store";
import { setTwinForTesting } from "@/lib/twin/runtime";
import { DOMAINS } from "@/lib/twin/types";
import type { TwinPort } from "@/lib/twin/source";
import { embeddedPort } from "@/lib/twin/sources/embedded-port";
import { openPgTwin } from "@/lib/twin/sources/pg-port";
import { manualClock, type ManualClock } from "@/lib/twin/simulator/clock";
import { createEmbeddedTwin } from "@/lib/twin/sources/embedded";
import { dropSchema, freshSchemaName, testPgUrl } from "@/test/pg";

import { GET as landing } from "./route";
import { GET as assets } from "./assets/route";
import { GET as asset } from "./assets/[id]/route";
import { GET as latest, POST as latestPost } from "./latest/route";
import { GET as series } from "./series/route";
import { GET as kpis } from "./kpis/route";
import { GET as alerts } from "./alerts/route";
import { GET as alertStats } from "./alerts/stats/route";
import { GET as alertExport } from "./alerts/export/route";
import { GET as districtValues } from "./district-values/route";
import { GET as rank } from "./rank/route";
import { GET as events } from "./events/route";
import { LIVE_LATEST_MAX, liveEvents } from "@/lib/api/live-values";
import { patchAsset, patchLatest, type LiveLatestFields } from "@/lib/twin-client/revalidate";
import { GET as openapi } from "./openapi.json/route";
import { GET as catchAll, POST as catchAllPost } from "./[...path]/route";
import { cachingContract } from "./caching.contract";
import { scorecardContract } from "./scorecard/scorecard.contract";

const ORIGIN = "http://localhost";
const START = new Date("2026-07-15T12:00:00+08:00");
const TEST = { actor: "test", role: "-" };
const pgUrl = testPgUrl();

/** A twin and an operations store of one backend, opened for the suite and closed after it. */
interface Opened {
  port: TwinPort;
  ops: OperationsStore;
  /** One simulator step at the clock's now (the embedded twin's `tick()`, the PostgreSQL writer's). */
  tick(): Promise<void>;
  /** Open SSE streams of this instance (they listen through lib/api/live-values.ts). */
  listenerCount(): number;
  close(): Promise<void>;
}

interface Backend {
  name: string;
  open(clock: ManualClock): Promise<Opened>;
  /** How long opening may take: PostgreSQL backfills a day of Shenzhen (~1.6 M rows, 45-60 s here). */
  openTimeoutMs: number;
  /** What the landing document's `backend` (`info().backend`) says. */
  info: "embedded" | "postgres";
  /**
   * The smallest step after which the simulator writes new rows, and what the first such tick
   * after START raises. The embedded twin runs substation load live every 5 s; PostgreSQL has no
   * fast streams (docs/postgres.md, "Not yet wired"), so its first new rows are the 5-minute slot.
   */
  live: { step: number; loadCadence: number; count: number; domains: string[] };
}

const embedded: Backend = {
  name: "embedded SQLite twin + SQLite operations store",
  info: "embedded",
  openTimeoutMs: 60_000,
  live: { step: 5, loadCadence: 5, count: 240, domains: ["energy"] },
  async open(clock) {
    const ops = new SqliteOpsStore(":memory:");
    const twin = createEmbeddedTwin({ dbPath: ":memory:", city: "shenzhen", seed: 42, backfillDays: 1, tickSeconds: 0, clock });
    const port = embeddedPort(twin);
    return {
      port,
      ops,
      tick: async () => twin.tick(),
      listenerCount: () => liveEvents(port).listenerCount(),
      close: async () => {
        twin.close();
        await ops.close();
      },
    };
  },
};

const postgres: Backend = {
  name: "PostgreSQL twin + PostgreSQL operations store",
  info: "postgres",
  openTimeoutMs: 300_000,
  live: { step: 300, loadCadence: 300, count: 5265, domains: ["energy", "transport", "health", "logistics"] },
  async open(clock) {
    const url = pgUrl!;
    const schema = freshSchemaName("api");
    const port = await openPgTwin({ url, schema, city: "shenzhen", seed: 42, backfillDays: 1, tickSeconds: 0, clock });
    const ops = await PgOpsStore.open(url, { schema: opsSchemaName(schema), max: 2 });
    return {
      port,
      ops,
      tick: () => port.writer.tick(),
      listenerCount: () => liveEvents(port).listenerCount(),
      close: async () => {
        await port.close();
        await ops.close();
        await dropSchema(url, schema);
        await dropSchema(url, opsSchemaName(schema));
      },
    };
  },
};

describe(embedded.name, () => contract(embedded));
// Without a server the setup (test/postgres.ts) prints why these are skipped.
describe.skipIf(!pgUrl)(postgres.name, () => contract(postgres));

async function ok<S extends z.ZodType>(res: Response, schema: S, type = "application/json"): Promise<z.output<S>> {
  const text = await res.text();
  expect(res.status, text).toBe(200);
  expect(res.headers.get("content-type")).toContain(type);
  return schema.parse(JSON.parse(text));
}

async function problemOf(res: Response, status: number) {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  expect(res.headers.get("cache-control")).toBe("no-store");
  const p = ProblemSchema.parse(JSON.parse(text));
  expect(p.status).toBe(status);
  return p;
}

const params = (p: { errors?: { parameter: string }[] }) => (p.errors ?? []).map((e) => e.parameter);

function contract(backend: Backend) {
  const clock = manualClock(START);
  let opened: Opened;
  let port: TwinPort;
  /** A few real ids, picked once the twin is open. */
  let substation: { id: string; lon: number; lat: number };
  let loadIds: string[];
  let mixedIds: string[];
  /** Reporting cadence of each of `mixedIds`. */
  const cadenceOf = new Map<string, number>();
  let totalAssets: number;
  /** A read-only device token for the city board (every domain): what a wall display sends. */
  let auth: { authorization: string };
  let authStore: OperationsStore;

  beforeAll(async () => {
    opened = await backend.open(clock);
    port = opened.port;
    authStore = opened.ops;
    setOpsStoreForTesting(authStore);
    auth = { authorization: `Bearer ${(await authStore.issueToken("device", "contract tests", ["city"], TEST)).token}` };
    setTwinForTesting(port);
    const subs = (await port.listAssets({ type: "Substation", district: "futian", limit: 5 })).assets;
    const g = subs[0]!.geometry;
    if (g.type !== "Point") throw new Error("substations are points");
    substation = { id: subs[0]!.id, lon: g.coordinates[0]!, lat: g.coordinates[1]! };
    loadIds = subs.map((a) => `${a.id}:load`);
    mixedIds = [];
    for (const domain of ["energy", "transport", "construction", "health"] as const) {
      const a = (await port.listAssets({ domain, limit: 1 })).assets[0]!;
      for (const d of (await port.getAsset(a.id))!.datastreams) {
        mixedIds.push(d.id);
        cadenceOf.set(d.id, d.cadenceSeconds);
      }
    }
    totalAssets = (await port.listAssets({ limit: 1 })).total;
  }, backend.openTimeoutMs);

  afterAll(async () => {
    openRequests.clear();
    setTwinForTesting(undefined);
    setOpsStoreForTesting(undefined);
    await opened?.close();
  });

  function call(
    handler: RouteHandler,
    path: string,
    init: { headers?: Record<string, string>; params?: Record<string, string | string[]>; signal?: AbortSignal } = {},
  ) {
    const request = new Request(`${ORIGIN}${path}`, { headers: { ...auth, ...init.headers }, signal: init.signal });
    // Node's Request follows the caller's signal only while the Request is reachable (undici holds
    // it weakly); a server keeps it for the response's lifetime, and so must the test.
    if (init.signal) openRequests.add(request);
    return handler(request, { params: Promise.resolve(init.params ?? {}) });
  }
  const openRequests = new Set<Request>();
  describe("GET /api/twin/v1", () => {
    it("answers the landing document with links, metrics and an ETag that revalidates to 304", async () => {
      const res = await call(landing, "/api/twin/v1");
      const etag = res.headers.get("etag");
      const body = await ok(res, LandingResponseSchema);
      expect(body.version).toBe("1");
      expect(body.backend).toBe(backend.info);
      expect(body.simulated).toBe(true);
      expect(body.city.id).toBe("shenzhen");
      expect(body.links.series).toBe("/api/twin/v1/series");
      expect(body.metrics.length).toBeGreaterThan(0);
      expect(etag).toMatch(/^".+"$/);
      const again = await call(landing, "/api/twin/v1", { headers: { "If-None-Match": etag! } });
      expect(again.status).toBe(304);
    });

    it("rejects unknown query parameters by name", async () => {
      const p = await problemOf(await call(landing, "/api/twin/v1?foo=1"), 400);
      expect(p.errors?.[0]?.message).toContain("foo");
    });
  });

  describe("GET /assets", () => {
    it("returns a GeoJSON FeatureCollection with total, nextCursor, asOf, revalidated by a strong ETag", async () => {
      const res = await call(assets, "/api/twin/v1/assets");
      expect(res.headers.get("cache-control")).toBe("private, no-cache");
      expect(res.headers.get("etag")).toMatch(/^"[\w-]+"$/);
      const body = await ok(res, AssetsResponseSchema, "application/geo+json");
      expect(totalAssets).toBeGreaterThan(500);
      expect(body.features.length).toBe(500);
      expect(body.total).toBe(totalAssets);
      expect(body.nextCursor).not.toBeNull();
      expect(body.features[0]?.properties).not.toHaveProperty("geometry");
    });

    it("filters by domain and bbox and pages with the cursor it returned", async () => {
      const energy = await ok(await call(assets, assetsKey({ domain: "energy" })), AssetsResponseSchema, "geo+json");
      expect(energy.features.every((f) => f.properties.domain === "energy")).toBe(true);
      const { lon, lat } = substation;
      const box: [number, number, number, number] = [lon - 0.01, lat - 0.01, lon + 0.01, lat + 0.01];
      const boxed = await ok(await call(assets, assetsKey({ bbox: box })), AssetsResponseSchema, "geo+json");
      expect(boxed.features.map((f) => f.id)).toContain(substation.id);
      expect(boxed.total).toBeLessThan(totalAssets / 10);
      for (const f of boxed.features) {
        if (f.geometry.type !== "Point") continue;
        const [x, y] = f.geometry.coordinates as [number, number];
        expect(x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3]).toBe(true);
      }
      const p1 = await ok(await call(assets, assetsKey({ limit: 2 })), AssetsResponseSchema, "geo+json");
      expect(p1.features).toHaveLength(2);
      expect(p1.nextCursor).not.toBeNull();
      const p2 = await ok(await call(assets, assetsKey({ limit: 2, cursor: p1.nextCursor! })), AssetsResponseSchema, "geo+json");
      expect(p2.features).toHaveLength(2);
      expect(p2.features.map((f) => f.id).some((id) => p1.features.some((g) => g.id === id))).toBe(false);
    });

    it("answers only the assets listed in ids (unknown ones left out), with the other filters applied", async () => {
      const some = await ok(await call(assets, assetsKey({ limit: 5 })), AssetsResponseSchema, "geo+json");
      const wanted = some.features.map((f) => f.id);
      const unknown = "urn:ngsi-ld:Substation:shenzhen:no-such-asset";
      const listed = await ok(await call(assets, assetsKey({ ids: [...wanted].reverse().concat(unknown), limit: 100 })), AssetsResponseSchema, "geo+json");
      expect(listed.features.map((f) => f.id)).toEqual(wanted);
      expect(listed.total).toBe(wanted.length);
      const first = some.features[0]!;
      const other = DOMAINS.find((d) => d !== first.properties.domain)!;
      const filtered = await ok(await call(assets, assetsKey({ ids: wanted, domain: other, limit: 100 })), AssetsResponseSchema, "geo+json");
      expect(filtered.features.every((f) => f.properties.domain === other)).toBe(true);
      expect(filtered.total).toBe(some.features.filter((f) => f.properties.domain === other).length);
    });

    it.each([
      ["domain=water", "domain"],
      ["limit=0", "limit"],
      ["limit=5001", "limit"],
      ["limit=abc", "limit"],
      ["bbox=1,2,3", "bbox"],
      ["bbox=114,22,113,23", "bbox"],
      ["bbox=114,23,115,22", "bbox"],
      ["bbox=-200,0,10,10", "bbox"],
      ["bbox=a,b,c,d", "bbox"],
      [`q=${"x".repeat(101)}`, "q"],
      ["status=broken", "status"],
      ["cursor=nonsense", "cursor"],
      ["limit=1&limit=2", "limit"],
      ["ids=", "ids"],
      ["ids=a,,b", "ids"],
      [`ids=${Array.from({ length: 101 }, (_, i) => `urn:ngsi-ld:X:y:${i}`).join(",")}`, "ids"],
    ])("answers 400 naming the parameter for %s", async (qs, name) => {
      const p = await problemOf(await call(assets, `/api/twin/v1/assets?${qs}`), 400);
      expect(params(p)).toContain(name);
    });
  });

  describe("GET /assets/{id}", () => {
    it("returns one Feature with datastreams and latest values", async () => {
      const id = substation.id;
      const body = await ok(await call(asset, assetKey(id), { params: { id } }), AssetDetailResponseSchema, "geo+json");
      expect(body.id).toBe(id);
      // Substation load is SCADA telemetry: it promises the cadence its backend writes it at.
      const cadence = backend.live.loadCadence;
      expect(body.properties.datastreams).toEqual([
        expect.objectContaining({ id: `${id}:load`, cadenceSeconds: cadence, staleAfterSeconds: 3 * cadence, unit: { symbol: "MW", code: "MAW" } }),
      ]);
      expect(body.properties.latest).toEqual([
        expect.objectContaining({ datastreamId: `${id}:load`, t: "2026-07-15T04:00:00.000Z", stale: false }),
      ]);
    });

    it("decodes a percent-encoded id", async () => {
      const id = substation.id;
      const res = await call(asset, assetKey(id), { params: { id: encodeURIComponent(id) } });
      expect(res.status).toBe(200);
    });

    it("answers 404 for an unknown id", async () => {
      const p = await problemOf(await call(asset, "/x", { params: { id: "urn:ngsi-ld:Substation:shenzhen:nope" } }), 404);
      expect(p.code).toBe("not_found");
    });
  });

  describe("GET /latest", () => {
    it("returns latest values with units and staleness", async () => {
      const body = await ok(await call(latest, latestKey(mixedIds)), LatestResponseSchema);
      expect(body.asOf).toBe("2026-07-15T04:00:00.000Z");
      expect(body.values.map((v) => v.datastreamId).sort()).toEqual([...mixedIds].sort());
      expect(body.values.every((v) => !v.stale && Date.parse(v.t) <= START.getTime())).toBe(true);
    });

    it("answers 404 listing unknown ids", async () => {
      const p = await problemOf(await call(latest, latestKey([mixedIds[0]!, "nope:1", "nope:2"])), 404);
      expect(p.detail).toContain("nope:1");
      expect(p.detail).toContain("nope:2");
    });

    it.each([
      ["", "datastreams"],
      ["datastreams=", "datastreams"],
      ["datastreams=a,,b", "datastreams"],
      [`datastreams=${Array.from({ length: 2001 }, (_, i) => `d${i}`).join(",")}`, "datastreams"],
    ])("answers 400 for %#", async (qs, name) => {
      const p = await problemOf(await call(latest, `/api/twin/v1/latest?${qs}`), 400);
      expect(params(p)).toContain(name);
    });
  });

  describe("POST /latest", () => {
    const post = (body: string, type = "application/json") =>
      latestPost(
        new Request(`${ORIGIN}/api/twin/v1/latest`, { method: "POST", headers: { ...auth, "Content-Type": type }, body }),
        { params: Promise.resolve({}) },
      );

    it("answers 1,000 datastreams in one call (too many for a URL)", async () => {
      const { assets: first } = await port.listAssets({ limit: 1000 });
      const ids = await Promise.all(first.slice(0, 1000).map(async (a) => (await port.getAsset(a.id))!.datastreams[0]!.id));
      expect(ids).toHaveLength(1000);
      const body = await ok(await post(JSON.stringify({ datastreams: ids })), LatestResponseSchema);
      expect(body.values).toHaveLength(1000);
      expect(new Set(body.values.map((v) => v.datastreamId))).toEqual(new Set(ids));
    });

    it.each([
      ["not json", "{datastreams:", "application/json", 400, "body"],
      ["wrong shape", JSON.stringify({ ids: ["a"] }), "application/json", 400, "body"],
      ["empty list", JSON.stringify({ datastreams: [] }), "application/json", 400, "datastreams"],
      ["too many", JSON.stringify({ datastreams: Array.from({ length: 2001 }, (_, i) => `d${i}`) }), "application/json", 400, "datastreams"],
      ["not JSON content", "datastreams=a", "application/x-www-form-urlencoded", 415, "body"],
      ["oversized", JSON.stringify({ datastreams: ["x".repeat(600 * 1024)] }), "application/json", 413, "body"],
    ])("answers 4xx for %s", async (_name, body, type, status, parameter) => {
      const p = await problemOf(await post(body, type), status);
      expect(params(p).join(",")).toContain(parameter);
    });

    it("stops reading a chunked body without a length as soon as it passes the limit", async () => {
      let pulled = 0;
      const endless = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled++;
          controller.enqueue(new TextEncoder().encode(`"${"x".repeat(64 * 1024)}",`));
        },
      });
      const request = new Request(`${ORIGIN}/api/twin/v1/latest`, {
        method: "POST",
        headers: { ...auth, "Content-Type": "application/json" },
        body: endless,
        duplex: "half",
      } as RequestInit & { duplex: "half" });
      await problemOf(await latestPost(request, { params: Promise.resolve({}) }), 413);
      expect(pulled).toBeLessThan(20);
    });

    it("answers 404 listing unknown ids", async () => {
      const p = await problemOf(await post(JSON.stringify({ datastreams: [mixedIds[0]!, "nope:9"] })), 404);
      expect(p.detail).toContain("nope:9");
    });
  });

  describe("GET /series", () => {
    // A fixed, valid-looking id for the 400 cases (they fail before any lookup).
    const ds = "urn:ngsi-ld:Substation:shenzhen:x:load";
    const load = () => loadIds[0]!;

    it("defaults to the last 24 h ending at the twin's now", async () => {
      const body = await ok(await call(series, seriesKey({ datastreams: [load()] })), SeriesResponseSchema);
      expect(body.to).toBe("2026-07-15T04:00:00.000Z");
      expect(body.from).toBe("2026-07-14T04:00:00.000Z");
      expect(body.step).toBe("PT5M");
      const avg = body.series[0]!.values.avg!;
      expect(avg).toHaveLength(288);
      // One day of history, written for (now - 1 day, now]: every bucket after the first has a value.
      expect(avg[0]).toBeNull();
      expect(avg.slice(1).every((v) => v !== null && v > 0 && v < 1000)).toBe(true);
    });

    it("keeps a step that fits and widens one that would exceed maxPoints", async () => {
      const from = new Date("2026-07-08T04:00:00Z");
      const to = new Date("2026-07-15T04:00:00Z");
      const fits = await ok(await call(series, seriesKey({ datastreams: [load()], from, to, step: "PT5M", maxPoints: 5000 })), SeriesResponseSchema);
      expect(fits.step).toBe("PT5M");
      expect(fits.series[0]?.t).toHaveLength(2016);
      // Only the last day was backfilled: older buckets are gaps (null), not zeros.
      expect(fits.series[0]!.values.avg!.filter((v) => v !== null)).toHaveLength(287);
      const widened = await ok(await call(series, seriesKey({ datastreams: [load()], from, to, step: "PT5M", maxPoints: 100 })), SeriesResponseSchema);
      expect(widened.step).toBe("PT3H");
      expect(widened.series[0]!.t.length).toBeLessThanOrEqual(100);
    });

    it("never returns more buckets than maxPoints, even for a range off the step's boundaries", async () => {
      for (const [from, to, step, maxPoints] of [
        ["2026-07-14T04:30:00Z", "2026-07-15T04:30:00Z", "PT1H", 24],
        ["2026-07-14T04:07:00Z", "2026-07-15T03:58:00Z", "PT5M", 288],
        ["2026-07-08T01:00:00Z", "2026-07-15T01:00:00Z", undefined, 10],
      ] as const) {
        const body = await ok(
          await call(series, seriesKey({ metric: "energy.load", from: new Date(from), to: new Date(to), step, maxPoints })),
          SeriesResponseSchema,
        );
        expect(body.series[0]!.t.length, `${from}..${to} ${step ?? "auto"}`).toBeLessThanOrEqual(maxPoints);
      }
    });

    it("returns every requested aggregate and metric series", async () => {
      const body = await ok(await call(series, seriesKey({ metric: "energy.load", district: "futian", agg: ["min", "max"] })), SeriesResponseSchema);
      expect(body.series[0]?.id).toBe("energy.load@futian");
      expect(body.series[0]?.unit.symbol).toBe("MW");
      expect(Object.keys(body.series[0]!.values).sort()).toEqual(["max", "min"]);
      const { min, max } = body.series[0]!.values;
      expect(min!.filter((v) => v !== null)).toHaveLength(287);
      min!.forEach((v, k) => {
        if (v !== null) expect(v).toBeLessThanOrEqual(max![k]!);
      });
    });

    it.each([
      ["", "datastreams"],
      [`datastreams=${ds}&metric=load`, "metric"],
      [`datastreams=${ds}&from=yesterday`, "from"],
      [`datastreams=${ds}&to=2026-07-15`, "to"],
      [`datastreams=${ds}&from=2026-13-01T00:00:00Z`, "from"],
      [`datastreams=${ds}&step=5m`, "step"],
      [`datastreams=${ds}&step=P1M`, "step"],
      [`datastreams=${ds}&step=PT0S`, "step"],
      [`datastreams=${ds}&agg=median`, "agg"],
      [`datastreams=${ds}&maxPoints=5`, "maxPoints"],
      [`datastreams=${ds}&maxPoints=100000`, "maxPoints"],
      [`datastreams=${Array.from({ length: 51 }, (_, i) => `d${i}`).join(",")}`, "datastreams"],
    ])("answers 400 for %s", async (qs, name) => {
      const p = await problemOf(await call(series, `/api/twin/v1/series?${qs}`), 400);
      expect(params(p)).toContain(name);
    });

    it.each([
      ["to before from", `from=2026-07-15T00:00:00Z&to=2026-07-14T00:00:00Z`, "invalid_range"],
      ["from equal to to", `from=2026-07-15T00:00:00Z&to=2026-07-15T00:00:00Z`, "invalid_range"],
      ["range over 400 days", `from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z`, "range_too_long"],
      ["too many buckets", `from=2025-07-01T00:00:00Z&to=2026-07-01T00:00:00Z&maxPoints=10`, "too_many_buckets"],
    ])("answers 422 for %s", async (_name, qs, code) => {
      const p = await problemOf(await call(series, `/api/twin/v1/series?datastreams=${ds}&${qs}`), 422);
      expect(p.code).toBe(code);
    });

    it("answers 404 for unknown datastreams and metrics", async () => {
      await problemOf(await call(series, seriesKey({ datastreams: ["nope:1"] })), 404);
      const p = await problemOf(await call(series, seriesKey({ metric: "nope" })), 404);
      expect(params(p)).toContain("metric");
    });
  });

  describe("GET /kpis", () => {
    it("returns KPI values with definitions and as-of", async () => {
      const body = await ok(await call(kpis, kpisKey({ domain: "energy" })), KpisResponseSchema);
      expect(body.domain).toBe("energy");
      expect(body.asOf).toBe("2026-07-15T04:00:00.000Z");
      const load = body.kpis.find((k) => k.definition.id === "energy.load")!;
      expect(load.definition.unit.symbol).toBe("MW");
      expect(load.asOf).toBe("2026-07-15T04:00:00.000Z");
      expect(load.stale).toBe(false);
      // Shenzhen's summer noon: around the ~23 GW peak.
      expect(load.value).toBeGreaterThan(15_000);
      expect(load.value).toBeLessThan(30_000);
      expect(body.kpis.every((k) => k.definition.domain === "energy")).toBe(true);
    });

    it("answers 400 for an unknown domain or bad time and 422 for a future time", async () => {
      await problemOf(await call(kpis, "/api/twin/v1/kpis?domain=water"), 400);
      await problemOf(await call(kpis, "/api/twin/v1/kpis?at=noon"), 400);
      await problemOf(await call(kpis, "/api/twin/v1/kpis?at=2030-01-01T00:00:00Z"), 422);
    });
  });

  describe("GET /alerts", () => {
    it("returns GeoJSON alerts filtered by state and domain, with total and asOf", async () => {
      const all = await ok(await call(alerts, alertsKey()), AlertsResponseSchema, "geo+json");
      expect(all.total).toBeGreaterThan(1);
      expect(all.features).toHaveLength(Math.min(all.total, 500));
      const open = await ok(await call(alerts, alertsKey({ state: ["open"], domain: "energy" })), AlertsResponseSchema, "geo+json");
      expect(open.features.length).toBeGreaterThan(0);
      expect(open.features.length).toBeLessThan(all.features.length);
      expect(open.features.every((f) => f.properties.state === "open" && f.properties.domain === "energy")).toBe(true);
      const one = await ok(await call(alerts, alertsKey({ limit: 1 })), AlertsResponseSchema, "geo+json");
      expect(one.features).toHaveLength(1);
      expect(one.total).toBe(all.total);
    });

    it.each(["state=closed", "severity=urgent", "since=yesterday", "bbox=0,0,0,0", "limit=-1", "domain="])(
      "answers 400 for %s",
      async (qs) => {
        await problemOf(await call(alerts, `/api/twin/v1/alerts?${qs}`), 400);
      },
    );
  });

  describe("GET /alerts history: time window, pages, comment threads", () => {
    it("keeps alerts that started in [from, to) and pages them with offset", async () => {
      const all = await ok(await call(alerts, alertsKey({ limit: 5000 })), AlertsResponseSchema, "geo+json");
      const from = new Date(START.getTime() - 12 * 3600_000);
      const want = all.features.filter((f) => Date.parse(f.properties.start) >= from.getTime() && Date.parse(f.properties.start) < START.getTime());
      expect(want.length).toBeGreaterThan(2);
      const win = await ok(await call(alerts, alertsKey({ from, to: START, limit: 5000 })), AlertsResponseSchema, "geo+json");
      expect(win.features.map((f) => f.id)).toEqual(want.map((f) => f.id));
      const page2 = await ok(await call(alerts, alertsKey({ from, to: START, limit: 2, offset: 2 })), AlertsResponseSchema, "geo+json");
      expect(page2.total).toBe(want.length);
      expect(page2.features.map((f) => f.id)).toEqual(want.slice(2, 4).map((f) => f.id));
    });

    it.each(["offset=-1", "offset=1e3", "from=yesterday", "to=2026-07-15", "lang=fr"])("answers 400 for %s", async (qs) => {
      const p = await problemOf(await call(alerts, `/api/twin/v1/alerts?${qs}`), 400);
      expect(p.code).toBe("invalid_parameter");
    });

    it("answers 422 for a window that does not run forwards, on the list, the stats and the export", async () => {
      const q = { from: START, to: new Date(START.getTime() - 1000) };
      for (const [h, path] of [
        [alerts, alertsKey(q)],
        [alertStats, alertStatsKey(q)],
        [alertExport, alertExportUrl(q, "en")],
      ] as const) {
        expect(params(await problemOf(await call(h, path), 422))).toEqual(["to"]);
      }
    });

    it("shows every comment of an alert's thread with who and when, oldest first", async () => {
      const open = await ok(await call(alerts, alertsKey({ state: ["open"], limit: 1 })), AlertsResponseSchema, "geo+json");
      const id = open.features[0]!.id;
      const ack = await port.actOnAlert(id, { action: "acknowledge", comment: "crew dispatched" }, { name: "li.wei", role: "operator" });
      expect(ack.ok).toBe(true);
      const note = await port.actOnAlert(id, { action: "comment", comment: "=cmd|' /C calc'!A0" }, { name: "wang.fang", role: "operator" });
      expect(note.ok).toBe(true);
      const after = await ok(await call(alerts, alertsKey({ limit: 5000 })), AlertsResponseSchema, "geo+json");
      const a = after.features.find((f) => f.id === id)!.properties;
      expect(a.comments.map((c) => [c.by, c.action, c.text])).toEqual([
        ["li.wei", "acknowledge", "crew dispatched"],
        ["wang.fang", "comment", "=cmd|' /C calc'!A0"],
      ]);
      expect(a.comments[0]!.at).toBe(a.acknowledgedAt);
      expect(a).toMatchObject({ state: "acknowledged", stateBy: "li.wei", comment: "=cmd|' /C calc'!A0" });
      // The export carries the thread, with the formula defused and local times with their offset.
      const res = await call(alertExport, alertExportUrl({ state: ["acknowledged"] }, "zh"));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/csv");
      expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="alarms-shenzhen-\d{12}\.csv"/);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder().decode(bytes.slice(3));
      expect(text.split("\r\n")[0]).toMatch(/^id,severity,severity_level,domain,district,/);
      expect(text).toContain(id);
      expect(text).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+08:00 li\.wei: crew dispatched/);
      expect(text).not.toMatch(/[\n,"]=cmd/);
      expect(text).toContain("已确认");
    });

    it("gives time to acknowledge and to resolve over the filtered set, with as-of", async () => {
      const filter = { from: new Date(START.getTime() - 24 * 3600_000), to: START };
      const list = await ok(await call(alerts, alertsKey({ ...filter, limit: 5000 })), AlertsResponseSchema, "geo+json");
      const stats = await ok(await call(alertStats, alertStatsKey(filter)), AlertStatsResponseSchema);
      expect(stats.total).toBe(list.total);
      const resolved = list.features.filter((f) => f.properties.state === "resolved" && f.properties.end);
      expect(stats.timeToResolve.count).toBe(resolved.length);
      const secs = resolved.map((f) => (Date.parse(f.properties.end!) - Date.parse(f.properties.start)) / 1000).sort((x, y) => x - y);
      expect(stats.timeToResolve.medianSeconds).toBe(secs.length ? secs[Math.ceil(secs.length / 2) - 1] : null);
      expect(stats.timeToAcknowledge.count).toBe(list.features.filter((f) => f.properties.acknowledgedAt).length);
      expect(Date.parse(stats.asOf)).toBeGreaterThan(0);
      // A filter that matches nothing has no figures, not zeros.
      const none = await ok(await call(alertStats, alertStatsKey({ ...filter, severity: ["info"], domain: "construction", district: "dapeng" })), AlertStatsResponseSchema);
      if (none.total === 0) expect(none.timeToResolve).toEqual({ count: 0, medianSeconds: null, p90Seconds: null });
    });
  });

  describe("GET /alerts at an instant, by district and by asset", () => {
    it("returns exactly the alerts whose [start, end) covers the instant", async () => {
      const all = await ok(await call(alerts, alertsKey({ limit: 5000 })), AlertsResponseSchema, "geo+json");
      const withEnd = all.features.find((f) => f.properties.end !== null);
      const probe = withEnd ? new Date((Date.parse(withEnd.properties.start) + Date.parse(withEnd.properties.end!)) / 2) : new Date(START.getTime() - 3600_000);
      const want = all.features
        .filter((f) => Date.parse(f.properties.start) <= probe.getTime() && (f.properties.end === null || Date.parse(f.properties.end) > probe.getTime()))
        .map((f) => f.id)
        .sort();
      const at = await ok(await call(alerts, alertsKey({ at: probe, limit: 5000 })), AlertsResponseSchema, "geo+json");
      expect(at.features.map((f) => f.id).sort()).toEqual(want);
      if (withEnd) expect(want).toContain(withEnd.id);
    });

    it("filters by district and gives one asset's history", async () => {
      const all = await ok(await call(alerts, alertsKey({ limit: 5000 })), AlertsResponseSchema, "geo+json");
      const first = all.features[0]!.properties;
      const inDistrict = await ok(await call(alerts, alertsKey({ district: first.district, limit: 5000 })), AlertsResponseSchema, "geo+json");
      expect(inDistrict.features.length).toBeGreaterThan(0);
      expect(inDistrict.features.every((f) => f.properties.district === first.district)).toBe(true);
      const history = await ok(await call(alerts, alertsKey({ asset: first.assetId })), AlertsResponseSchema, "geo+json");
      expect(history.features.map((f) => f.properties.assetId)).toContain(first.assetId);
      expect(history.features.every((f) => f.properties.assetId === first.assetId)).toBe(true);
    });
  });

  describe("GET /district-values", () => {
    it("gives every district's value at the instant, matching the district series", async () => {
      const body = await ok(await call(districtValues, districtValuesKey({ metric: "health.bedOccupancy" })), DistrictValuesResponseSchema);
      expect(body.districts.map((d) => d.id)).toEqual((await port.districts()).map((d) => d.id));
      expect(body.districts.every((d) => d.value !== null && d.value > 0 && d.value <= 100)).toBe(true);
      expect(body.city.value).not.toBeNull();
      const futian = body.districts.find((d) => d.id === "futian")!;
      const s = await ok(
        await call(series, seriesKey({ metric: "health.bedOccupancy", district: "futian", from: new Date(Date.parse(futian.asOf!)), to: new Date(Date.parse(futian.asOf!) + 60_000), agg: ["last"] })),
        SeriesResponseSchema,
      );
      expect(s.series[0]!.values.last![0]).toBeCloseTo(futian.value!, 6);
    });

    it("sums of a summed metric add up to the city", async () => {
      const body = await ok(await call(districtValues, districtValuesKey({ metric: "energy.load", at: new Date(START.getTime() - 3600_000) })), DistrictValuesResponseSchema);
      const sum = body.districts.reduce((a, d) => a + (d.value ?? 0), 0);
      expect(sum).toBeCloseTo(body.city.value!, 3);
    });

    it("answers 404 for an unknown metric, 400 for a malformed one, 422 for a future instant", async () => {
      await problemOf(await call(districtValues, "/api/twin/v1/district-values?metric=energy.nope"), 404);
      await problemOf(await call(districtValues, "/api/twin/v1/district-values?metric=a%20b"), 400);
      await problemOf(await call(districtValues, "/api/twin/v1/district-values"), 400);
      await problemOf(await call(districtValues, districtValuesKey({ metric: "energy.load", at: new Date(START.getTime() + 86400_000) })), 422);
    });
  });

  describe("GET /rank", () => {
    it("ranks feeders by loading, worst first, with values that match /latest", async () => {
      const body = await ok(await call(rank, rankKey({ type: "Feeder", property: "loading", limit: 10 })), RankResponseSchema);
      expect(body.items).toHaveLength(10);
      expect(body.total).toBeGreaterThan(100);
      const values = body.items.map((i) => i.value);
      expect(values).toEqual([...values].sort((a, b) => b - a));
      const l = await ok(await call(latest, latestKey(body.items.map((i) => i.datastreamId))), LatestResponseSchema);
      for (const item of body.items) expect(l.values.find((v) => v.datastreamId === item.datastreamId)?.v).toBe(item.raw);
    });

    it("divides by a capacity property into percentages, filters by district, reads the past with at", async () => {
      const body = await ok(await call(rank, rankKey({ type: "Building", property: "bedsOccupied", per: "beds", district: "futian", order: "asc", limit: 5000 })), RankResponseSchema);
      expect(body.unit.symbol).toBe("%");
      expect(body.items.every((i) => i.district === "futian")).toBe(true);
      for (const i of body.items) expect(i.value).toBeCloseTo((100 * i.raw) / Number(i.properties.beds), 9);
      const past = new Date(START.getTime() - 6 * 3600_000);
      const then = await ok(await call(rank, rankKey({ type: "Building", property: "bedsOccupied", at: past, limit: 5000 })), RankResponseSchema);
      expect(then.items.every((i) => Date.parse(i.t) <= past.getTime())).toBe(true);
    });

    it.each(["type=Feeder&property=nope", "type=Nope&property=loading", "type=Feeder&property=loading&limit=0", "type=Feeder&property=loading&limit=5001", "type=Feeder&property=loading&at=noon", "type=Feeder&property=loading&order=up", "property=loading"])(
      "answers 4xx for %s",
      async (qs) => {
        const res = await call(rank, `/api/twin/v1/rank?${qs}`);
        expect([400, 404, 422]).toContain(res.status);
        ProblemSchema.parse(await res.json());
      },
    );

    it("answers 404 for an unknown district", async () => {
      await problemOf(await call(rank, "/api/twin/v1/rank?type=Feeder&property=loading&district=atlantis"), 404);
    });
  });

  describe("GET /kpis for a district", () => {
    it("gives district values that differ from the city's; district loads add up to the city load", async () => {
      const at = new Date(START.getTime() - 3600_000);
      const city = await ok(await call(kpis, kpisKey({ domain: "energy", at })), KpisResponseSchema);
      let sum = 0;
      for (const d of await port.districts()) {
        const one = await ok(await call(kpis, kpisKey({ domain: "energy", at, district: d.id })), KpisResponseSchema);
        sum += one.kpis.find((k) => k.definition.id === "energy.load")?.value ?? 0;
      }
      const cityLoad = city.kpis.find((k) => k.definition.id === "energy.load")!.value!;
      expect(sum).toBeCloseTo(cityLoad, 0);
      const futian = await ok(await call(kpis, kpisKey({ domain: "construction", district: "futian" })), KpisResponseSchema);
      const all = await ok(await call(kpis, kpisKey({ domain: "construction" })), KpisResponseSchema);
      const sites = (r: typeof all) => r.kpis.find((k) => k.definition.id === "construction.activeSites")!.value!;
      expect(sites(futian)).toBeGreaterThan(0);
      expect(sites(futian)).toBeLessThan(sites(all));
      await problemOf(await call(kpis, "/api/twin/v1/kpis?district=atlantis"), 404);
    });
  });

  describe("GET /openapi.json", () => {
    it("documents every path with its parameters, responses and the problem envelope", async () => {
      const res = await call(openapi, "/api/twin/v1/openapi.json");
      expect(res.headers.get("etag")).toBeTruthy();
      const doc = (await res.json()) as {
        openapi: string;
        paths: Record<string, { get: { parameters: { name: string }[]; responses: Record<string, unknown> } }>;
        components: { schemas: Record<string, unknown> };
      };
      expect(doc.openapi).toBe("3.1.0");
      for (const p of ["", "/assets", "/assets/{id}", "/latest", "/series", "/kpis", "/alerts", "/events", "/openapi.json"]) {
        expect(doc.paths).toHaveProperty([`/api/twin/v1${p}`]);
      }
      const seriesOp = doc.paths["/api/twin/v1/series"]!.get;
      expect(seriesOp.parameters.map((p) => p.name)).toEqual(
        expect.arrayContaining(["datastreams", "metric", "district", "from", "to", "step", "agg", "maxPoints"]),
      );
      expect(Object.keys(seriesOp.responses)).toEqual(expect.arrayContaining(["200", "400", "404", "422", "500"]));
      expect(doc.paths["/api/twin/v1/events"]!.get.parameters.map((p) => p.name)).toEqual(
        expect.arrayContaining(["domains", "datastreams", "lastEventId"]),
      );
      expect(doc.components.schemas).toHaveProperty("Problem");
      expect(doc.components.schemas).toHaveProperty("SeriesSet");
      // Every $ref resolves inside the document.
      for (const m of JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) {
        expect(doc.components.schemas).toHaveProperty([m[1]!]);
      }
    });
  });

  describe("unknown paths", () => {
    it("answer 404 in the problem envelope for any method", async () => {
      await problemOf(await call(catchAll, "/api/twin/v1/nope", { params: { path: ["nope"] } }), 404);
      await problemOf(await catchAllPost(new Request(`${ORIGIN}/api/twin/v1/ingest/x`, { method: "POST" })), 404);
    });
  });

  describe("no client input yields a 500", () => {
    const chars = fc.constantFrom(..."abc019-.,:TZ+&=%PMHDS ".split(""));
    const value = fc.oneof(
      fc.string({ unit: chars, maxLength: 40 }),
      fc.string({ maxLength: 20 }),
      fc.constantFrom("2026-07-15T00:00:00Z", "PT5M", "P1D", "-1", "0", "1e9", "114,22,115,23", "energy", "open", "avg,max"),
    );
    const keys = fc.constantFrom(
      "domain", "type", "district", "bbox", "q", "status", "limit", "cursor", "datastreams", "metric",
      "from", "to", "step", "agg", "maxPoints", "state", "severity", "since", "zzz",
      "at", "asset", "property", "per", "order",
    );
    const query = fc.array(fc.tuple(keys, value), { maxLength: 6 });

    it.each([
      ["assets", assets],
      ["series", series],
      ["alerts", alerts],
      ["rank", rank],
      ["district-values", districtValues],
      ["kpis", kpis],
    ] as const)("%s answers 200/4xx to random query strings", async (name, handler) => {
      await fc.assert(
        fc.asyncProperty(query, async (pairs) => {
          const qs = new URLSearchParams(pairs).toString();
          const res = await call(handler, `/api/twin/v1/${name}?${qs}`);
          expect(res.status, qs).toBeLessThan(500);
          if (res.status !== 200) ProblemSchema.parse(await res.json());
          else await res.arrayBuffer();
        }),
        { numRuns: 150 },
      );
    });
  });

  describe("GET /events", () => {
    afterAll(() => setSseHeartbeatMsForTesting(undefined));

    interface Frame {
      id: number;
      event: string;
      data: Record<string, unknown>;
    }

    /** Reads until `pattern` shows up in the stream, failing after `ms` even if nothing arrives. */
    async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, pattern: RegExp, ms = 5000) {
      const decoder = new TextDecoder();
      let text = "";
      const deadline = Date.now() + ms;
      while (!pattern.test(text)) {
        const left = deadline - Date.now();
        let timer: ReturnType<typeof setTimeout> | undefined;
        const timeout = new Promise<"timeout">((resolve) => {
          timer = setTimeout(() => resolve("timeout"), Math.max(left, 0));
        });
        const next = await Promise.race([reader.read(), timeout]);
        clearTimeout(timer);
        if (next === "timeout") throw new Error(`timed out waiting for ${pattern}; got ${JSON.stringify(text.slice(0, 2000))}`);
        if (next.done) break;
        text += decoder.decode(next.value, { stream: true });
      }
      return text;
    }

    function framesOf(text: string): Frame[] {
      return text
        .split("\n\n")
        .map((block) => {
          const field = (name: string) => block.split("\n").find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
          const id = field("id");
          const data = field("data");
          return id && data ? { id: Number(id), event: field("event") ?? "message", data: JSON.parse(data) as Record<string, unknown> } : null;
        })
        .filter((f): f is Frame => f !== null);
    }

    const open = (path: string, headers?: Record<string, string>) => {
      const ac = new AbortController();
      const res = call(events, path, { signal: ac.signal, headers });
      return { ac, res };
    };
    const nowIso = async () => (await port.now()).toISOString();
    const lastEventId = async () => (await port.eventWindow()).newest;
    const cityLoad = async () => {
      const body = await ok(await call(kpis, kpisKey({ domain: "energy" })), KpisResponseSchema);
      return body.kpis.find((k) => k.definition.id === "energy.load")!;
    };

    it("ends the stream at the next heartbeat once its device token is revoked", async () => {
      setSseHeartbeatMsForTesting(20);
      const { token, record } = await authStore.issueToken("device", "revoked wall", ["city"], TEST);
      const { ac, res: pending } = open("/api/twin/v1/events", { authorization: `Bearer ${token}` });
      const res = await pending;
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      await readUntil(reader, /event: heartbeat/);
      const listeners = opened.listenerCount();
      await authStore.revokeToken(record.id, TEST);
      let ended = false;
      const deadline = Date.now() + 3000;
      while (!ended && Date.now() < deadline) ended = (await reader.read()).done;
      expect(ended).toBe(true);
      expect(opened.listenerCount()).toBe(listeners - 1);
      ac.abort();
    });

    it("streams with SSE headers, a retry hint and heartbeats; the first tick with new rows moves the city load and arrives lean", async () => {
      setSseHeartbeatMsForTesting(20);
      const before = await cityLoad();
      const { ac, res: pending } = open("/api/twin/v1/events");
      const res = await pending;
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/event-stream");
      expect(res.headers.get("cache-control")).toBe("no-cache, no-transform");
      expect(res.headers.get("content-encoding")).toBe("none");
      expect(res.headers.get("x-accel-buffering")).toBe("no");
      const reader = res.body!.getReader();
      expect(await readUntil(reader, /retry: \d+/)).toMatch(/retry: \d+/);
      await readUntil(reader, /event: heartbeat\ndata: \{"t":"\d{4}-/);
      expect(opened.listenerCount()).toBe(1);

      clock.advance(backend.live.step);
      await opened.tick();
      const asOf = new Date(START.getTime() + backend.live.step * 1000).toISOString();
      const frames = framesOf(await readUntil(reader, /event: kpi\n/));
      const obs = frames.find((f) => f.event === "observation")!;
      // What changed and when, not the rows; with the latest value of each datastream written
      // (as /latest answers them) unless the tick wrote more than LIVE_LATEST_MAX (PostgreSQL's slot).
      const { latest: lastValues, valuesAsOf, ...lean } = obs.data;
      expect(lean).toEqual({ asOf, count: backend.live.count, domains: backend.live.domains });
      if (backend.live.count > LIVE_LATEST_MAX) expect(lastValues).toBeUndefined();
      else {
        const ids = (lastValues as { datastreamId: string }[]).map((l) => l.datastreamId);
        expect(ids.length).toBeGreaterThan(0);
        expect({ asOf: valuesAsOf, values: lastValues }).toEqual(await ok(await call(latest, latestKey(ids)), LatestResponseSchema));
      }
      expect(frames.find((f) => f.event === "kpi")).toMatchObject({ data: { domain: "energy", asOf } });
      expect(frames.find((f) => f.event === "kpi")!.id).toBeGreaterThan(obs.id);

      // The kpi event carries the domain's figures, as a refetch of /kpis?domain=energy answers
      // them (definitions left out: the client holds them), so a browser need not refetch.
      const kpiFrame = frames.find((f) => f.event === "kpi")!;
      const fresh = await ok(await call(kpis, kpisKey({ domain: "energy" })), KpisResponseSchema);
      expect(kpiFrame.data.valuesAsOf).toBe(fresh.asOf);
      expect(kpiFrame.data.values).toEqual(
        fresh.kpis.map((k) => ({ id: k.definition.id, value: k.value, asOf: k.asOf, previous: k.previous, status: k.status, stale: k.stale })),
      );

      const after = await cityLoad();
      expect(before.asOf).toBe("2026-07-15T04:00:00.000Z");
      expect(after.asOf).toBe(asOf);
      expect(after.value).not.toBe(before.value);
      expect(after.stale).toBe(false);
      ac.abort();
      expect(opened.listenerCount()).toBe(0);
    });

    it("tells a client whose Last-Event-ID came from an earlier server process to refetch, then streams live", async () => {
      setSseHeartbeatMsForTesting(10_000);
      // A wall that ran against yesterday's process reconnects with an id this process never issued.
      const { ac, res } = open("/api/twin/v1/events", { "Last-Event-ID": String((await lastEventId()) + 1_000_000) });
      const reader = (await res).body!.getReader();
      const first = await readUntil(reader, /event: reset\n/);
      expect(first).toMatch(/data: \{"reason":"restart","newest":\d+\}/);
      clock.advance(backend.live.step);
      await opened.tick();
      // New events flow at once instead of being dropped until ids pass the stale one.
      const live = framesOf(await readUntil(reader, /event: kpi\n/));
      expect(live.some((f) => f.event === "observation")).toBe(true);
      ac.abort();
    });

    it("with ?datastreams= carries only those observations and skips ticks without any", async () => {
      setSseHeartbeatMsForTesting(10_000);
      const wanted = loadIds.slice(0, 2);
      // A stream with no slot at the next tick (a traffic detector on the embedded twin, whose tick is 5 s).
      const next = (await port.now()).getTime() / 1000 + backend.live.step;
      const slow = mixedIds.find((id) => next % cadenceOf.get(id)! !== 0 && cadenceOf.get(id)! > backend.live.step)!;
      expect(slow).toBeDefined();
      const a = open(`/api/twin/v1/events?datastreams=${wanted.map(encodeURIComponent).join(",")}`);
      const b = open(`/api/twin/v1/events?datastreams=${encodeURIComponent(slow)}`);
      const ra = (await a.res).body!.getReader();
      const rb = (await b.res).body!.getReader();
      await readUntil(ra, /: connected/);
      await readUntil(rb, /: connected/);

      clock.advance(backend.live.step);
      await opened.tick();
      const t = await nowIso();
      const obs = framesOf(await readUntil(ra, /event: kpi\n/)).find((f) => f.event === "observation")!;
      expect(obs.data).toMatchObject({ asOf: t, count: 2, domains: ["energy"] });
      const rows = obs.data.observations as { datastreamId: string; t: string; v: number }[];
      expect(rows.map((o) => o.datastreamId).sort()).toEqual([...wanted].sort());
      expect(rows.every((o) => o.t === t && o.v > 0)).toBe(true);
      expect((await port.latest(wanted)).map((l) => l.v).sort()).toEqual(rows.map((o) => o.v).sort());
      // The slow stream has no slot at this tick: nothing for it, only the KPI.
      const other = await readUntil(rb, /event: kpi\n/);
      expect(other).not.toContain("event: observation");
      a.ac.abort();
      b.ac.abort();
      expect(opened.listenerCount()).toBe(0);
    });

    it("replays after Last-Event-ID by the same rules: lean and domain-narrowed, or only the named datastreams", async () => {
      const last = await lastEventId();
      // Up to the next 10-minute slot: every domain reports (construction sensors every 10 min).
      const slot = Math.ceil(((await port.now()).getTime() / 1000 + 1) / 600) * 600;
      clock.set(new Date(slot * 1000));
      await opened.tick();
      const full = (await port.replay(last)).find((e) => e.type === "observation");
      if (full?.type !== "observation") throw new Error("tick raised no observation event");
      expect(full.data.domains).toEqual([...DOMAINS]);
      const healthRows = full.data.observations.filter((o) => /:(Building|AmbulanceStation):/.test(o.datastreamId)).length;
      expect(healthRows).toBeGreaterThan(0);

      const h = open("/api/twin/v1/events?domains=health", { "Last-Event-ID": String(last) });
      const healthText = await readUntil((await h.res).body!.getReader(), /"domain":"health"/);
      h.ac.abort();
      const frames = framesOf(healthText);
      expect(frames.map((f) => f.event)).toEqual(["observation", "kpi"]);
      expect(frames[0]!.data).toEqual({ asOf: full.data.asOf, count: healthRows, domains: ["health"] });
      expect(frames[0]!.id).toBe(full.id);

      const d = open(`/api/twin/v1/events?datastreams=${encodeURIComponent(loadIds[0]!)}`, { "Last-Event-ID": String(last) });
      const dsText = await readUntil((await d.res).body!.getReader(), /event: kpi\n/);
      d.ac.abort();
      const replayed = framesOf(dsText).find((f) => f.event === "observation")!;
      const rows = replayed.data.observations as { datastreamId: string; t: string }[];
      // The 5-minute slot plus, where load runs live, every 5-second row since the last tick: all of that one stream.
      const expected = full.data.observations.filter((o) => o.datastreamId === loadIds[0]);
      if (backend.live.loadCadence < 300) expect(expected.length).toBeGreaterThan(1);
      else expect(expected).toHaveLength(1);
      expect(rows).toEqual(expected);
      expect(replayed.data.count).toBe(expected.length);
      expect(opened.listenerCount()).toBe(0);
    });

    it("an observation event carries the latest values it wrote, only of the domains the stream may read; they fill /latest and /assets/{id} as the API answers", async () => {
      setSseHeartbeatMsForTesting(10_000);
      const energy = { authorization: `Bearer ${(await authStore.issueToken("device", "energy wall", ["energy"], TEST)).token}` };
      const held = await ok(await call(latest, latestKey(mixedIds)), LatestResponseSchema);
      const detail = await ok(await call(asset, assetKey(substation.id), { params: { id: substation.id } }), AssetDetailResponseSchema, "geo+json");
      const c = open("/api/twin/v1/events");
      const e = open("/api/twin/v1/events", energy);
      const rc = (await c.res).body!.getReader();
      const re = (await e.res).body!.getReader();
      await readUntil(rc, /: connected/);
      await readUntil(re, /: connected/);
      // One second on, a feed sends every mixed datastream (four domains) and the substation's load.
      clock.advance(1);
      const t = await nowIso();
      const rows = [...mixedIds, loadIds[0]!].map((id) => ({ datastreamId: id, t, v: held.values.find((h) => h.datastreamId === id)?.v ?? 1 }));
      expect((await port.ingest(rows)).accepted).toBe(rows.length);
      const obsFrame = /event: observation\ndata: .*\n\n/;
      const cityText = await readUntil(rc, obsFrame);
      const energyText = await readUntil(re, obsFrame);
      c.ac.abort();
      e.ac.abort();
      const live = (text: string) => framesOf(text).find((f) => f.event === "observation")!.data as unknown as { domains: string[] } & LiveLatestFields;
      const city = live(cityText);
      const mine = live(energyText);
      expect(city.domains.length).toBeGreaterThan(1);
      expect(city.latest.map((l) => l.datastreamId).sort()).toEqual([...new Set(rows.map((r) => r.datastreamId))].sort());
      expect(city.latest.every((l) => l.t === t)).toBe(true);
      // The energy wall hears energy's values only: no other domain's id is anywhere in its stream.
      expect(mine.domains).toEqual(["energy"]);
      const domainOf = await port.datastreamDomains(rows.map((r) => r.datastreamId));
      expect(mine.latest).toEqual(city.latest.filter((l) => domainOf.get(l.datastreamId) === "energy"));
      for (const id of rows.map((r) => r.datastreamId).filter((id) => !mine.latest.some((l) => l.datastreamId === id))) expect(energyText).not.toContain(id);
      expect(mine.latest.length).toBeGreaterThan(0);
      // A browser holding the answers from before fills them from the event: what the API now answers.
      const ids = [...new Set(mixedIds)];
      expect(patchLatest(held, ids, city)).toEqual(await ok(await call(latest, latestKey(mixedIds)), LatestResponseSchema));
      expect(patchAsset(detail, city)).toEqual(await ok(await call(asset, assetKey(substation.id), { params: { id: substation.id } }), AssetDetailResponseSchema, "geo+json"));
      expect(opened.listenerCount()).toBe(0);
    });

    it("accepts ?lastEventId= and rejects a malformed Last-Event-ID or datastreams list", async () => {
      const { ac, res } = open("/api/twin/v1/events?lastEventId=0");
      const text = await readUntil((await res).body!.getReader(), /id: 1\n/);
      expect(text).toContain("id: 1\n");
      ac.abort();
      await problemOf(await call(events, "/api/twin/v1/events", { headers: { "Last-Event-ID": "abc" } }), 400);
      await problemOf(await call(events, "/api/twin/v1/events?domains=water"), 400);
      for (const qs of ["datastreams=", "datastreams=a,,b", `datastreams=${Array.from({ length: 201 }, (_, i) => `d${i}`).join(",")}`]) {
        const p = await problemOf(await call(events, `/api/twin/v1/events?${qs}`), 400);
        expect(params(p)).toContain("datastreams");
      }
      expect(opened.listenerCount()).toBe(0);
    });
  });

  cachingContract({
    port: () => port,
    ops: () => authStore,
    loadIds: () => loadIds,
    mixedIds: () => mixedIds,
    call,
    routes: { kpis, latest, series, events },
  });

  scorecardContract({ port: () => port, ops: () => authStore, call, routes: { districtValues, series, kpis }, past: new Date(START.getTime() - 3600_000) });
}
