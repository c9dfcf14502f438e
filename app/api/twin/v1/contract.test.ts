/**
 * Contract tests of /api/twin/v1: the exported route handlers called with plain Requests.
 * Status, content type, body shape (validated against the response schemas), caching headers,
 * the problem envelope for every kind of bad input, and "nothing a client sends yields 500".
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { z } from "zod";
import type { RouteHandler } from "@/lib/api/handler";
import { createFakeTwin, FAKE_ASSET_IDS, FAKE_DATASTREAM_IDS, type FakeTwin } from "@/lib/api/test-fixtures";
import { setSseHeartbeatMsForTesting } from "@/lib/api/sse";
import {
  AlertsResponseSchema,
  AssetDetailResponseSchema,
  AssetsResponseSchema,
  KpisResponseSchema,
  LandingResponseSchema,
  LatestResponseSchema,
  ProblemSchema,
  SeriesResponseSchema,
} from "@/lib/domains/twin/schemas";
import { alertsKey, assetKey, assetsKey, kpisKey, latestKey, seriesKey } from "@/lib/domains/twin/keys";
import type { TwinSource } from "@/lib/twin/source";

const holder = vi.hoisted(() => ({ twin: undefined as unknown }));
vi.mock("@/lib/twin/runtime", () => ({
  getTwin: () => holder.twin as TwinSource,
  setTwinForTesting: (t: unknown) => {
    holder.twin = t;
  },
}));

import { GET as landing } from "./route";
import { GET as assets } from "./assets/route";
import { GET as asset } from "./assets/[id]/route";
import { GET as latest } from "./latest/route";
import { GET as series } from "./series/route";
import { GET as kpis } from "./kpis/route";
import { GET as alerts } from "./alerts/route";
import { GET as events } from "./events/route";
import { GET as openapi } from "./openapi.json/route";
import { GET as catchAll, POST as catchAllPost } from "./[...path]/route";

const ORIGIN = "http://localhost";
let twin: FakeTwin;

beforeAll(() => {
  twin = createFakeTwin();
  holder.twin = twin;
});

function call(
  handler: RouteHandler,
  path: string,
  init: { headers?: Record<string, string>; params?: Record<string, string | string[]>; signal?: AbortSignal } = {},
) {
  return handler(new Request(`${ORIGIN}${path}`, { headers: init.headers, signal: init.signal }), {
    params: Promise.resolve(init.params ?? {}),
  });
}

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

describe("GET /api/twin/v1", () => {
  it("answers the landing document with links, metrics and an ETag that revalidates to 304", async () => {
    const res = await call(landing, "/api/twin/v1");
    const etag = res.headers.get("etag");
    const body = await ok(res, LandingResponseSchema);
    expect(body.version).toBe("1");
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
  it("returns a GeoJSON FeatureCollection with total, nextCursor, asOf and no-store", async () => {
    const res = await call(assets, "/api/twin/v1/assets");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = await ok(res, AssetsResponseSchema, "application/geo+json");
    expect(body.features.length).toBe(FAKE_ASSET_IDS.length);
    expect(body.total).toBe(FAKE_ASSET_IDS.length);
    expect(body.features[0]?.properties).not.toHaveProperty("geometry");
  });

  it("filters by domain and bbox and pages with the cursor it returned", async () => {
    const energy = await ok(await call(assets, assetsKey({ domain: "energy" })), AssetsResponseSchema, "geo+json");
    expect(energy.features.every((f) => f.properties.domain === "energy")).toBe(true);
    const boxed = await ok(await call(assets, assetsKey({ bbox: [114.0, 22.5, 114.1, 22.6] })), AssetsResponseSchema, "geo+json");
    expect(boxed.features.map((f) => f.id).sort()).toEqual([FAKE_ASSET_IDS[0], FAKE_ASSET_IDS[2]].sort());
    const p1 = await ok(await call(assets, assetsKey({ limit: 2 })), AssetsResponseSchema, "geo+json");
    expect(p1.features).toHaveLength(2);
    expect(p1.nextCursor).not.toBeNull();
    const p2 = await ok(await call(assets, assetsKey({ limit: 2, cursor: p1.nextCursor! })), AssetsResponseSchema, "geo+json");
    expect(p2.features[0]?.id).not.toBe(p1.features[0]?.id);
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
  ])("answers 400 naming the parameter for %s", async (qs, name) => {
    const p = await problemOf(await call(assets, `/api/twin/v1/assets?${qs}`), 400);
    expect(params(p)).toContain(name);
  });
});

describe("GET /assets/{id}", () => {
  it("returns one Feature with datastreams and latest values", async () => {
    const id = FAKE_ASSET_IDS[0]!;
    const body = await ok(await call(asset, assetKey(id), { params: { id } }), AssetDetailResponseSchema, "geo+json");
    expect(body.id).toBe(id);
    expect(body.properties.datastreams.length).toBeGreaterThan(0);
    expect(body.properties.latest.length).toBeGreaterThan(0);
  });

  it("decodes a percent-encoded id", async () => {
    const id = FAKE_ASSET_IDS[0]!;
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
    const body = await ok(await call(latest, latestKey(FAKE_DATASTREAM_IDS)), LatestResponseSchema);
    expect(body.values.map((v) => v.datastreamId).sort()).toEqual([...FAKE_DATASTREAM_IDS].sort());
  });

  it("answers 404 listing unknown ids", async () => {
    const p = await problemOf(await call(latest, latestKey([FAKE_DATASTREAM_IDS[0]!, "nope:1", "nope:2"])), 404);
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

describe("GET /series", () => {
  const ds = FAKE_DATASTREAM_IDS[0]!;

  it("defaults to the last 24 h ending at the twin's now", async () => {
    const body = await ok(await call(series, seriesKey({ datastreams: [ds] })), SeriesResponseSchema);
    expect(body.to).toBe("2026-07-15T04:00:00.000Z");
    expect(body.from).toBe("2026-07-14T04:00:00.000Z");
    expect(body.step).toBe("PT5M");
    expect(body.series[0]?.values.avg).toHaveLength(288);
  });

  it("keeps a step that fits and widens one that would exceed maxPoints", async () => {
    const from = new Date("2026-07-08T04:00:00Z");
    const to = new Date("2026-07-15T04:00:00Z");
    const fits = await ok(await call(series, seriesKey({ datastreams: [ds], from, to, step: "PT5M", maxPoints: 5000 })), SeriesResponseSchema);
    expect(fits.step).toBe("PT5M");
    expect(fits.series[0]?.t).toHaveLength(2016);
    const widened = await ok(await call(series, seriesKey({ datastreams: [ds], from, to, step: "PT5M", maxPoints: 100 })), SeriesResponseSchema);
    expect(widened.step).toBe("PT3H");
    expect(widened.series[0]!.t.length).toBeLessThanOrEqual(100);
  });

  it("returns every requested aggregate and metric series", async () => {
    const body = await ok(await call(series, seriesKey({ metric: "load", district: "futian", agg: ["min", "max"] })), SeriesResponseSchema);
    expect(body.series[0]?.id).toBe("load@futian");
    expect(Object.keys(body.series[0]!.values).sort()).toEqual(["max", "min"]);
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
    expect(body.kpis[0]?.definition.unit.symbol).toBe("MW");
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
    expect(all.total).toBe(2);
    const open = await ok(await call(alerts, alertsKey({ state: ["open"], domain: "energy" })), AlertsResponseSchema, "geo+json");
    expect(open.features.map((f) => f.properties.state)).toEqual(["open"]);
    const one = await ok(await call(alerts, alertsKey({ limit: 1 })), AlertsResponseSchema, "geo+json");
    expect(one.features).toHaveLength(1);
    expect(one.total).toBe(2);
  });

  it.each(["state=closed", "severity=urgent", "since=yesterday", "bbox=0,0,0,0", "limit=-1", "domain="])(
    "answers 400 for %s",
    async (qs) => {
      await problemOf(await call(alerts, `/api/twin/v1/alerts?${qs}`), 400);
    },
  );
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
  );
  const query = fc.array(fc.tuple(keys, value), { maxLength: 6 });

  it.each([
    ["assets", assets],
    ["series", series],
    ["alerts", alerts],
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

  async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, pattern: RegExp, ms = 2000) {
    const decoder = new TextDecoder();
    let text = "";
    const deadline = Date.now() + ms;
    while (!pattern.test(text)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; got ${JSON.stringify(text)}`);
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    return text;
  }

  it("streams with SSE headers, a retry hint, heartbeats and live events, and cleans up on abort", async () => {
    setSseHeartbeatMsForTesting(20);
    const ac = new AbortController();
    const res = await call(events, "/api/twin/v1/events", { signal: ac.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    expect(res.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(res.headers.get("content-encoding")).toBe("none");
    expect(res.headers.get("x-accel-buffering")).toBe("no");
    const reader = res.body!.getReader();
    expect(await readUntil(reader, /retry: \d+/)).toMatch(/retry: \d+/);
    await readUntil(reader, /: heartbeat/);
    expect(twin.listenerCount()).toBe(1);
    const ev = twin.emit({ type: "kpi", data: { domain: "energy", asOf: "2026-07-15T04:00:00.000Z" } });
    const text = await readUntil(reader, /event: kpi/);
    expect(text).toContain(`id: ${ev.id}\nevent: kpi\ndata: {"domain":"energy"`);
    ac.abort();
    expect(twin.listenerCount()).toBe(0);
  });

  it("replays events newer than Last-Event-ID first, honouring the domains filter", async () => {
    setSseHeartbeatMsForTesting(10_000);
    const a = twin.emit({ type: "kpi", data: { domain: "energy", asOf: "2026-07-15T04:00:00.000Z" } });
    const b = twin.emit({ type: "kpi", data: { domain: "health", asOf: "2026-07-15T04:00:00.000Z" } });
    const c = twin.emit({
      type: "observation",
      data: {
        asOf: "2026-07-15T04:00:00.000Z",
        observations: FAKE_DATASTREAM_IDS.map((datastreamId) => ({ datastreamId, t: "2026-07-15T04:00:00.000Z", v: 1 })),
      },
    });
    const ac = new AbortController();
    const res = await call(events, "/api/twin/v1/events?domains=health", {
      headers: { "Last-Event-ID": String(a.id - 1) },
      signal: ac.signal,
    });
    const reader = res.body!.getReader();
    const text = await readUntil(reader, new RegExp(`id: ${c.id}\\n`));
    expect(text).not.toContain(`id: ${a.id}\n`);
    expect(text.indexOf(`id: ${b.id}\n`)).toBeLessThan(text.indexOf(`id: ${c.id}\n`));
    // Only the health datastream's observation survives the filter.
    expect(text).toContain("Building");
    expect(text).not.toContain("Substation");
    ac.abort();
    expect(twin.listenerCount()).toBe(0);
  });

  it("accepts ?lastEventId= and rejects a malformed Last-Event-ID header", async () => {
    const ac = new AbortController();
    const res = await call(events, "/api/twin/v1/events?lastEventId=0", { signal: ac.signal });
    const text = await readUntil(res.body!.getReader(), /id: 1\n/);
    expect(text).toContain("id: 1\n");
    ac.abort();
    await problemOf(await call(events, "/api/twin/v1/events", { headers: { "Last-Event-ID": "abc" } }), 400);
    await problemOf(await call(events, "/api/twin/v1/events?domains=water"), 400);
    expect(twin.listenerCount()).toBe(0);
  });
});
