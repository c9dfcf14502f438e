import "server-only";
/**
 * The deterministic asset inventory of a city pack: same pack and seed, same assets, ids and
 * positions on every machine. Counts per district follow population (and a little area), every
 * point lies inside its district polygon, detectors sit on the pack's roads and stations on its
 * metro lines. Pure: reads nothing but the pack.
 */
import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import type { Feature, MultiPolygon, Point, Polygon, Position } from "geojson";
import { DOMAIN_SIMULATORS } from "@/domains/server";
import type { PlacementContext } from "@/domains/types";
import type { Asset, AssetType, Datastream, DistrictInfo, PropertyValue } from "@/lib/twin/types";
import { ASSET_TYPE_DOMAIN, ASSET_TYPE_SPECS, DATASTREAM_SPECS, STALE_AFTER_CADENCES } from "./datastreams";
import { between, childRandom, type Random } from "./random";
import type { CityPack, Inventory } from "./types";

/** Share of a district's weight that comes from population; the rest from area. */
const POPULATION_WEIGHT = 0.8;

type DistrictShape = {
  info: DistrictInfo;
  feature: Feature<Polygon | MultiPolygon>;
  bbox: [number, number, number, number];
};

/**
 * Generates the pack's inventory. Deterministic for `pack.inventory.seed` and `scale`.
 *
 * `scale` (TWINOPS_INVENTORY_SCALE) multiplies every count of the pack but metro stations: 30
 * turns Shenzhen's 2,950 assets into ~80 k, to see how the twin and the map hold up at the size
 * of a real city's inventory. Scale 1 is the pack as written, asset for asset. City totals
 * (capacity, beds) stay those of the pack; they are shared over more assets.
 */
export function generateInventory(pack: CityPack, scale = 1): Inventory {
  if (!Number.isInteger(scale) || scale < 1) throw new RangeError(`inventory scale must be a whole number ≥ 1, got ${scale}`);
  const ctx = new Context(pack, scale);
  // Each domain places its own assets (domains/<id>/simulator.ts), in registry order.
  const assets: Asset[] = DOMAIN_SIMULATORS.flatMap((d) => d.place(ctx));
  return { assets, datastreams: datastreamsOf(assets) };
}

/** The datastreams of these assets, from their types' datastream table. */
export function datastreamsOf(assets: readonly Asset[]): Datastream[] {
  return assets.flatMap((a) =>
    DATASTREAM_SPECS[a.type].filter((s) => s.onlyIf === undefined || a.properties[s.onlyIf] === true).map((s) => ({
      id: `${a.id}:${s.property}`,
      assetId: a.id,
      property: s.property,
      name: s.name,
      unit: s.unit,
      cadenceSeconds: s.cadenceSeconds,
      staleAfterSeconds: STALE_AFTER_CADENCES * s.cadenceSeconds,
    })),
  );
}

/** Largest-remainder apportionment of `total` over `weights`; the result sums to `total`. */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0 || total <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    out[i] = (out[i] ?? 0) + 1;
    left--;
  }
  return out;
}

const pad = (n: number, width = 3) => String(n).padStart(width, "0");
const r6 = (v: number) => Math.round(v * 1e6) / 1e6;
const point = ([x, y]: Position): Point => ({ type: "Point", coordinates: [r6(x ?? 0), r6(y ?? 0)] });

function metres(a: Position, b: Position): number {
  const lat = (((a[1] ?? 0) + (b[1] ?? 0)) / 2) * (Math.PI / 180);
  const dx = ((b[0] ?? 0) - (a[0] ?? 0)) * 111_320 * Math.cos(lat);
  const dy = ((b[1] ?? 0) - (a[1] ?? 0)) * 110_574;
  return Math.hypot(dx, dy);
}

/** Points every `step` metres along a line, starting `offset` metres in. */
function along(line: readonly Position[], step: number, offset = 0): Position[] {
  const out: Position[] = [];
  let next = offset;
  let travelled = 0;
  for (let i = 0; i < line.length - 1; i++) {
    const a = line[i] as Position;
    const b = line[i + 1] as Position;
    const len = metres(a, b);
    while (next <= travelled + len && len > 0) {
      const t = (next - travelled) / len;
      out.push([(a[0] ?? 0) + t * ((b[0] ?? 0) - (a[0] ?? 0)), (a[1] ?? 0) + t * ((b[1] ?? 0) - (a[1] ?? 0))]);
      next += step;
    }
    travelled += len;
  }
  return out;
}

function featureBBox(f: Feature<Polygon | MultiPolygon>): [number, number, number, number] {
  const polys = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const p of polys) {
    for (const [x = 0, y = 0] of p[0] ?? []) {
      w = Math.min(w, x);
      s = Math.min(s, y);
      e = Math.max(e, x);
      n = Math.max(n, y);
    }
  }
  return [w, s, e, n];
}

/** What a domain's `place` draws on: the pack's districts, random streams, points and names. */
class Context implements PlacementContext {
  private readonly shapes: DistrictShape[];
  private readonly byId: Map<string, DistrictShape>;
  readonly districts: DistrictInfo[];
  readonly weights: number[];
  private readonly counters = new Map<string, number>();

  constructor(
    readonly pack: CityPack,
    readonly scale: number,
  ) {
    this.shapes = pack.districts.map((info) => {
      const feature = pack.districtGeometry.features.find((f) => f.properties.id === info.id);
      if (!feature) throw new Error(`district ${info.id} has no polygon`);
      return { info, feature, bbox: featureBBox(feature) };
    });
    this.byId = new Map(this.shapes.map((d) => [d.info.id, d]));
    this.districts = pack.districts;
    const pop = pack.districts.reduce((a, d) => a + d.population, 0);
    const area = pack.districts.reduce((a, d) => a + d.areaKm2, 0);
    this.weights = pack.districts.map(
      (d) => POPULATION_WEIGHT * (d.population / pop) + (1 - POPULATION_WEIGHT) * (d.areaKm2 / area),
    );
  }

  private shape(districtId: string): DistrictShape {
    const d = this.byId.get(districtId);
    if (!d) throw new Error(`unknown district ${districtId}`);
    return d;
  }

  count(type: string): number {
    const n = this.pack.inventory.counts[type] ?? 0;
    return ASSET_TYPE_SPECS[type as AssetType]?.unscaled ? n : n * this.scale;
  }

  rand(label: string): Random {
    return childRandom(this.pack.inventory.seed, label);
  }

  next(key: string): number {
    const n = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, n);
    return n;
  }

  point(p: Position): Point {
    return point(p);
  }

  apportion(total: number, weights: readonly number[]): number[] {
    return apportion(total, weights);
  }

  along(line: readonly Position[], step: number, offset = 0): Position[] {
    return along(line, step, offset);
  }

  metres(a: Position, b: Position): number {
    return metres(a, b);
  }

  private inside(d: DistrictShape, p: Position): boolean {
    const [x = 0, y = 0] = p;
    const [w, s, e, n] = d.bbox;
    return x >= w && x <= e && y >= s && y <= n && booleanPointInPolygon([x, y], d.feature);
  }

  contains(districtId: string, p: Position): boolean {
    return this.inside(this.shape(districtId), p);
  }

  districtOf(p: Position): DistrictInfo | undefined {
    return this.shapes.find((d) => this.inside(d, p))?.info;
  }

  randomPoint(districtId: string, rand: Random): Position {
    const d = this.shape(districtId);
    const [w, s, e, n] = d.bbox;
    for (let i = 0; i < 10_000; i++) {
      const p: Position = [r6(between(rand, w, e)), r6(between(rand, s, n))];
      if (this.inside(d, p)) return p;
    }
    throw new Error(`could not place a point in district ${districtId}`);
  }

  near(districtId: string, origin: Position, radiusM: number, rand: Random): Position {
    const d = this.shape(districtId);
    const kx = 1 / (111_320 * Math.cos(((origin[1] ?? 0) * Math.PI) / 180));
    for (let i = 0; i < 50; i++) {
      const a = rand() * 2 * Math.PI;
      const r = radiusM * Math.sqrt(rand());
      const p: Position = [r6((origin[0] ?? 0) + r * Math.cos(a) * kx), r6((origin[1] ?? 0) + (r * Math.sin(a)) / 110_574)];
      if (this.inside(d, p)) return p;
    }
    return origin;
  }

  asset(type: string, districtId: string, local: string, n: number, geometry: Asset["geometry"], properties: Record<string, PropertyValue>): Asset {
    const spec = ASSET_TYPE_SPECS[type as AssetType];
    if (!spec) throw new Error(`asset type ${type} is not in the domain registry`);
    const d = this.shape(districtId).info;
    return {
      id: `urn:ngsi-ld:${type}:${this.pack.id}:${local}`,
      type: type as AssetType,
      domain: ASSET_TYPE_DOMAIN[type as AssetType],
      name: { en: `${d.name.en} ${spec.label.en} ${n}`, zh: `${d.name.zh}${spec.label.zh}${n}` },
      geometry,
      district: d.id,
      status: "normal",
      properties,
    };
  }

  scatter(type: string, make: (rand: Random, i: number) => Record<string, PropertyValue>): Asset[] {
    const rand = this.rand(type);
    const quotas = apportion(this.count(type), this.weights);
    const out: Asset[] = [];
    this.shapes.forEach((d, di) => {
      for (let k = 0; k < (quotas[di] ?? 0); k++) {
        const n = this.next(`${type}:${d.info.id}`);
        const p = this.randomPoint(d.info.id, rand);
        out.push(this.asset(type, d.info.id, `${d.info.id}-${pad(n)}`, n, point(p), make(rand, out.length)));
      }
    });
    return out;
  }
}
