/**
 * GET /api/twin/v1/assets/clusters over a real embedded twin at inventory scale 3 (~8 k assets):
 * what a map asks for at city zoom (clusters that add up to every asset in view), at street zoom
 * (the assets themselves, with their ids for the popup), and every bad view answered in the
 * problem envelope (400 for malformed input, 422 for a view too large to answer, 403 for a
 * domain the token does not cover).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RouteHandler } from "@/lib/api/handler";
import { AssetClustersResponseSchema, ProblemSchema } from "@/lib/twin-client/schemas";
import { setOpsStoreForTesting } from "@/lib/ops/runtime";
import { SqliteOpsStore } from "@/lib/ops/sqlite-store";
import { setTwinForTesting } from "@/lib/twin/runtime";
import { manualClock } from "@/lib/twin/simulator/clock";
import { createEmbeddedTwin, type EmbeddedTwin } from "@/lib/twin/sources/embedded";
import { embeddedPort } from "@/lib/twin/sources/embedded-port";
import { GET } from "./route";

const TEST = { actor: "test", role: "-" };
const CITY = "113.7,22.4,114.65,22.87";
let twin: EmbeddedTwin;
let ops: SqliteOpsStore;
let city: { authorization: string };
let healthOnly: { authorization: string };

beforeAll(async () => {
  twin = createEmbeddedTwin({ dbPath: ":memory:", city: "shenzhen", seed: 42, inventoryScale: 3, backfillDays: 0, tickSeconds: 0, clock: manualClock(new Date("2026-07-15T12:00:00+08:00")) });
  ops = new SqliteOpsStore(":memory:");
  setOpsStoreForTesting(ops);
  setTwinForTesting(embeddedPort(twin, { files: [] }));
  city = { authorization: `Bearer ${(await ops.issueToken("device", "clusters", ["city"], TEST)).token}` };
  healthOnly = { authorization: `Bearer ${(await ops.issueToken("device", "clusters", ["health"], TEST)).token}` };
}, 60_000);

afterAll(() => {
  setTwinForTesting(undefined);
  setOpsStoreForTesting(undefined);
  twin.close();
  ops.close();
});

const call = (handler: RouteHandler, query: string, headers: Record<string, string> = city) =>
  handler(new Request(`http://localhost/api/twin/v1/assets/clusters?${query}`, { headers }), { params: Promise.resolve({}) });

async function body(res: Response) {
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/geo+json");
  return AssetClustersResponseSchema.parse(await res.json());
}

describe("GET /assets/clusters", () => {
  it("aggregates a domain at city zoom into a few hundred features that count every asset", async () => {
    const all = (await twin.listAssets({ domain: "energy", limit: 1 })).total;
    expect(all).toBe(3 * (240 + 720 + 120 + 400));
    const fc = await body(await call(GET, `domain=energy&bbox=${CITY}&zoom=10`));
    expect(fc.total).toBe(all);
    expect(fc.features.length).toBeLessThan(all / 4);
    expect(fc.features.reduce((a, f) => a + f.properties.count, 0)).toBe(all);
    const clusters = fc.features.filter((f) => f.properties.kind === "cluster");
    expect(clusters.length).toBeGreaterThan(0);
    for (const f of clusters) {
      expect(f.properties.id).toMatch(/^cluster:10:\d+:\d+$/);
      expect(f.properties.count).toBeGreaterThan(1);
      expect(f.geometry.type).toBe("Point");
    }
    // The same view, the same collection: the map keeps its source and restyles by feature-state.
    expect(await body(await call(GET, `domain=energy&bbox=${CITY}&zoom=10.6`))).toEqual(fc);
  });

  it("answers the assets themselves at street zoom, with their ids, types and geometry", async () => {
    const sample = (await twin.listAssets({ domain: "transport", type: "TrafficFlowObserved", limit: 1 })).assets[0]!;
    const g = sample.geometry;
    if (g.type !== "LineString") throw new Error("detectors are lines");
    const [x, y] = g.coordinates[0]!;
    const bbox = [x! - 0.01, y! - 0.01, x! + 0.01, y! + 0.01].join(",");
    const fc = await body(await call(GET, `domain=transport&bbox=${bbox}&zoom=16`));
    const mine = fc.features.find((f) => f.properties.id === sample.id);
    expect(mine?.properties).toMatchObject({ kind: "asset", count: 1, type: "TrafficFlowObserved", status: "normal" });
    expect(mine?.geometry).toEqual(sample.geometry);
    expect(fc.features.every((f) => f.properties.kind === "asset")).toBe(true);
  });

  it.each([
    ["no domain", `bbox=${CITY}&zoom=10`, "domain"],
    ["an unknown domain", `domain=water&bbox=${CITY}&zoom=10`, "domain"],
    ["no bbox", "domain=energy&zoom=10", "bbox"],
    ["a bbox of three numbers", "domain=energy&bbox=1,2,3&zoom=10", "bbox"],
    ["west east of east", "domain=energy&bbox=114.6,22.4,113.7,22.8&zoom=10", "bbox"],
    ["no zoom", `domain=energy&bbox=${CITY}`, "zoom"],
    ["a zoom past 22", `domain=energy&bbox=${CITY}&zoom=23`, "zoom"],
    ["a zoom that is not a number", `domain=energy&bbox=${CITY}&zoom=near`, "zoom"],
    ["an unknown parameter", `domain=energy&bbox=${CITY}&zoom=10&limit=5`, "limit"],
  ])("answers 400 in the problem envelope for %s", async (_, query, parameter) => {
    const res = await call(GET, query);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const p = ProblemSchema.parse(await res.json());
    expect(JSON.stringify(p.errors)).toContain(parameter);
  });

  it("answers 422 naming the limit for a view larger than any screen at that zoom", async () => {
    const res = await call(GET, `domain=energy&bbox=${CITY}&zoom=15`);
    expect(res.status).toBe(422);
    const p = ProblemSchema.parse(await res.json());
    expect(p.detail).toMatch(/at most 8192 px a side/);
  });

  it("answers 403 for a domain the token does not cover", async () => {
    expect((await call(GET, `domain=energy&bbox=${CITY}&zoom=10`, healthOnly)).status).toBe(403);
    expect((await call(GET, `domain=health&bbox=${CITY}&zoom=10`, healthOnly)).status).toBe(200);
  });
});
