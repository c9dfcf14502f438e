import { describe, expect, it } from "vitest";
import type { AssetStatus } from "@/lib/twin/types";
import { CLUSTER_CELL_PX, CLUSTER_MAX_ZOOM, SPREAD_PX, anchorOf, clusterPoints, pixelLngLat, spreadClusters, viewPixels, worldPixel, type ClusterPoint } from "./clusters";

const at = (id: string, lon: number, lat: number, status: AssetStatus = "normal"): ClusterPoint => ({
  id,
  type: "Substation",
  status,
  lon,
  lat,
  geometry: { type: "Point", coordinates: [lon, lat] },
});
const CITY: [number, number, number, number] = [113.7, 22.4, 114.65, 22.87];

describe("worldPixel / viewPixels", () => {
  it("puts 0,0 in the middle of the world and doubles per zoom", () => {
    expect(worldPixel(0, 0, 0)).toEqual([256, 256]);
    const [x10] = worldPixel(114, 22.5, 10);
    const [x11] = worldPixel(114, 22.5, 11);
    expect(x11 / x10).toBeCloseTo(2, 10);
  });

  it("measures Shenzhen at zoom 10 as about 1,400 px wide", () => {
    const [w, h] = viewPixels(CITY, 10);
    expect(w).toBeGreaterThan(1300);
    expect(w).toBeLessThan(1450);
    expect(h).toBeGreaterThan(600);
  });
});

describe("anchorOf", () => {
  it("takes a point itself and the middle vertex of a line", () => {
    expect(anchorOf({ type: "Point", coordinates: [1, 2] })).toEqual([1, 2]);
    expect(anchorOf({ type: "LineString", coordinates: [[0, 0], [1, 1], [2, 2]] })).toEqual([1, 1]);
    expect(anchorOf({ type: "GeometryCollection", geometries: [] })).toBeNull();
  });
});

describe("clusterPoints", () => {
  it("merges assets of one cell into a cluster with the count, mean position and worst status", () => {
    const pts = [at("a", 114.0, 22.5), at("b", 114.0001, 22.5001, "warning"), at("c", 114.0002, 22.5, "offline"), at("d", 114.0001, 22.5002, "critical")];
    const [f, ...rest] = clusterPoints(pts, CITY, 10);
    expect(rest).toHaveLength(0);
    expect(f?.properties).toMatchObject({ kind: "cluster", count: 4, status: "critical", critical: 1, warning: 1, offline: 1 });
    expect(f?.geometry).toEqual({ type: "Point", coordinates: [114.0001, 22.500075] });
  });

  it("answers an asset alone in its cell as itself, geometry and id unchanged", () => {
    const line: ClusterPoint = { ...at("line", 114.3, 22.6, "warning"), type: "TrafficFlowObserved", geometry: { type: "LineString", coordinates: [[114.299, 22.6], [114.3, 22.6], [114.301, 22.6]] } };
    const fc = clusterPoints([at("a", 114.0, 22.5), line], CITY, 10);
    expect(fc).toHaveLength(2);
    expect(fc.find((f) => f.properties.id === "line")).toEqual({ type: "Feature", geometry: line.geometry, properties: { id: "line", kind: "asset", status: "warning", count: 1, type: "TrafficFlowObserved" } });
  });

  it("leaves out what lies outside the bbox and splits what lies in different cells", () => {
    const step = (CLUSTER_CELL_PX * 2 * 360) / (512 * 2 ** 12);
    const fc = clusterPoints([at("a", 114.0, 22.5), at("b", 114.0 + step, 22.5), at("out", 120, 30)], CITY, 12);
    expect(fc.map((f) => f.properties.id).sort()).toEqual(["a", "b"]);
  });

  it("answers every asset on its own from the street zoom on, even two at one spot", () => {
    const fc = clusterPoints([at("a", 114.0, 22.5), at("b", 114.0, 22.5)], CITY, CLUSTER_MAX_ZOOM);
    expect(fc.map((f) => f.properties.kind)).toEqual(["asset", "asset"]);
  });

  it("gives the same features in the same order for the same input, whatever the input order", () => {
    const pts = Array.from({ length: 500 }, (_, i) => at(`p${i}`, 113.8 + ((i * 37) % 80) / 100, 22.45 + ((i * 53) % 40) / 100, i % 17 === 0 ? "warning" : "normal"));
    const a = clusterPoints(pts, CITY, 11);
    expect(clusterPoints([...pts].reverse(), CITY, 11).map((f) => [f.properties.id, f.properties.count, f.properties.status])).toEqual(
      a.map((f) => [f.properties.id, f.properties.count, f.properties.status]),
    );
    expect(a.reduce((s, f) => s + f.properties.count, 0)).toBe(500);
  });
});

describe("spreadClusters", () => {
  const z = 11;
  // Two domains with assets around the same spot: their clusters fall in the same cells.
  const energy = clusterPoints([at("e1", 114.05, 22.54), at("e2", 114.0502, 22.5401), at("e3", 114.3, 22.7)], CITY, z);
  const health = clusterPoints([at("h1", 114.0501, 22.5402), at("h2", 114.0503, 22.5399, "critical")], CITY, z);
  const pos = (f: { geometry: unknown }) => (f.geometry as { coordinates: [number, number] }).coordinates;

  it("inverts worldPixel", () => {
    const [x, y] = worldPixel(114.05, 22.54, z);
    const [lon, lat] = pixelLngLat(x, y, z);
    expect(lon).toBeCloseTo(114.05, 9);
    expect(lat).toBeCloseTo(22.54, 9);
  });

  it("sets clusters of different domains in one cell apart, each still showing, and leaves the rest alone", () => {
    const shared = (fc: typeof energy) => fc.find((f) => f.properties.kind === "cluster" && pos(f)[0] < 114.1)!;
    const [e0, h0] = [shared(energy), shared(health)];
    const dist = (a: [number, number], b: [number, number]) => Math.hypot(worldPixel(...a, z)[0] - worldPixel(...b, z)[0], worldPixel(...a, z)[1] - worldPixel(...b, z)[1]);
    expect(dist(pos(e0), pos(h0))).toBeLessThan(1);
    const [e, h] = spreadClusters([{ features: energy }, { features: health }]);
    const [e1, h1] = [shared(e!.features as typeof energy), shared(h!.features as typeof energy)];
    // Opposite sides of a ring of SPREAD_PX: 2 × SPREAD_PX apart on screen.
    expect(dist(pos(e1), pos(h1))).toBeCloseTo(2 * SPREAD_PX, 0);
    // Counts and worst status travel with them.
    expect(h1.properties).toMatchObject({ count: 2, status: "critical" });
    // The lone asset elsewhere is untouched.
    expect(e!.features.find((f) => f.properties?.id === "e3")).toBe(energy.find((f) => f.properties.id === "e3"));
    // No shared cell: the same objects back.
    const alone = { features: energy };
    expect(spreadClusters([alone, undefined])[0]).toBe(alone);
  });
});
