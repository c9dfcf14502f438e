import "server-only";
/**
 * The deterministic asset inventory of a city pack: same pack and seed, same assets, ids and
 * positions on every machine. Counts per district follow population (and a little area), every
 * point lies inside its district polygon, detectors sit on the pack's roads and stations on its
 * metro lines. Pure: reads nothing but the pack.
 */
import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import type { Feature, LineString, MultiPolygon, Point, Polygon, Position } from "geojson";
import type { Asset, AssetType, Datastream, DistrictInfo, PropertyValue } from "@/lib/twin/types";
import { ASSET_TYPE_DOMAIN, DATASTREAM_SPECS, STALE_AFTER_CADENCES } from "./datastreams";
import { between, childRandom, intBetween, weightedPick, type Random } from "./random";
import type { CityPack, Inventory } from "./types";

/** Share of a district's weight that comes from population; the rest from area. */
const POPULATION_WEIGHT = 0.8;
/** Road detector segments are this long (m); metro stations closer than this merge into one. */
const SEGMENT_METRES = 250;
const STATION_MERGE_METRES = 250;
/** Construction dates are drawn around a fixed day, not the clock, so the inventory never changes. */
const CONSTRUCTION_EPOCH = Date.UTC(2025, 0, 1);
const DAY_MS = 86_400_000;

const LABELS: Record<AssetType, { en: string; zh: string }> = {
  Substation: { en: "Substation", zh: "变电站" },
  Feeder: { en: "Feeder", zh: "馈线" },
  SolarPlant: { en: "Solar Plant", zh: "光伏电站" },
  EVChargingStation: { en: "EV Charging Station", zh: "充电站" },
  TrafficFlowObserved: { en: "Detector", zh: "检测点" },
  MetroStation: { en: "Metro Station", zh: "地铁站" },
  ParkingSite: { en: "Car Park", zh: "停车场" },
  CityWork: { en: "Construction Site", zh: "工地" },
  Building: { en: "Hospital", zh: "医院" },
  AmbulanceStation: { en: "Ambulance Station", zh: "急救站" },
};

const EV_OPERATORS = ["TELD", "Star Charge", "State Grid", "China Southern Power Grid", "BYD", "Local operator"];
const PHASES = ["planning", "foundation", "structure", "finishing"] as const;

type DistrictShape = {
  info: DistrictInfo;
  feature: Feature<Polygon | MultiPolygon>;
  bbox: [number, number, number, number];
};

/**
 * Types whose count follows the pack's geography, not a density: metro stations sit on the metro
 * lines, and a city does not get more of them because more of its other assets are monitored.
 */
const UNSCALED: ReadonlySet<AssetType> = new Set(["MetroStation"]);

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
  const assets: Asset[] = [
    ...ctx.substationsAndFeeders(),
    ...ctx.solarPlants(),
    ...ctx.evStations(),
    ...ctx.trafficSegments(),
    ...ctx.metroStations(),
    ...ctx.parkingSites(),
    ...ctx.cityWorks(),
    ...ctx.hospitals(),
    ...ctx.ambulanceStations(),
  ];
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
function along(line: Position[], step: number, offset = 0): Position[] {
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

function lineLength(line: Position[]): number {
  let sum = 0;
  for (let i = 0; i < line.length - 1; i++) sum += metres(line[i] as Position, line[i + 1] as Position);
  return sum;
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

class Context {
  private readonly districts: DistrictShape[];
  private readonly weights: number[];
  private readonly counters = new Map<string, number>();

  constructor(
    private readonly pack: CityPack,
    private readonly scale: number,
  ) {
    this.districts = pack.districts.map((info) => {
      const feature = pack.districtGeometry.features.find((f) => f.properties.id === info.id);
      if (!feature) throw new Error(`district ${info.id} has no polygon`);
      return { info, feature, bbox: featureBBox(feature) };
    });
    const pop = pack.districts.reduce((a, d) => a + d.population, 0);
    const area = pack.districts.reduce((a, d) => a + d.areaKm2, 0);
    this.weights = pack.districts.map(
      (d) => POPULATION_WEIGHT * (d.population / pop) + (1 - POPULATION_WEIGHT) * (d.areaKm2 / area),
    );
  }

  private count(type: AssetType): number {
    const n = this.pack.inventory.counts[type] ?? 0;
    return UNSCALED.has(type) ? n : n * this.scale;
  }

  private rand(label: string): Random {
    return childRandom(this.pack.inventory.seed, label);
  }

  private next(key: string): number {
    const n = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, n);
    return n;
  }

  private contains(d: DistrictShape, p: Position): boolean {
    const [x = 0, y = 0] = p;
    const [w, s, e, n] = d.bbox;
    return x >= w && x <= e && y >= s && y <= n && booleanPointInPolygon([x, y], d.feature);
  }

  private districtOf(p: Position): DistrictShape | undefined {
    return this.districts.find((d) => this.contains(d, p));
  }

  private randomPoint(d: DistrictShape, rand: Random): Position {
    const [w, s, e, n] = d.bbox;
    for (let i = 0; i < 10_000; i++) {
      const p: Position = [r6(between(rand, w, e)), r6(between(rand, s, n))];
      if (this.contains(d, p)) return p;
    }
    throw new Error(`could not place a point in district ${d.info.id}`);
  }

  /** A point within `radiusM` of `origin`, inside the same district (origin itself as last resort). */
  private near(d: DistrictShape, origin: Position, radiusM: number, rand: Random): Position {
    const kx = 1 / (111_320 * Math.cos(((origin[1] ?? 0) * Math.PI) / 180));
    for (let i = 0; i < 50; i++) {
      const a = rand() * 2 * Math.PI;
      const r = radiusM * Math.sqrt(rand());
      const p: Position = [r6((origin[0] ?? 0) + r * Math.cos(a) * kx), r6((origin[1] ?? 0) + (r * Math.sin(a)) / 110_574)];
      if (this.contains(d, p)) return p;
    }
    return origin;
  }

  private base(type: AssetType, d: DistrictShape, local: string, n: number, geometry: Asset["geometry"], properties: Record<string, PropertyValue>): Asset {
    const label = LABELS[type];
    return {
      id: `urn:ngsi-ld:${type}:${this.pack.id}:${local}`,
      type,
      domain: ASSET_TYPE_DOMAIN[type],
      name: { en: `${d.info.name.en} ${label.en} ${n}`, zh: `${d.info.name.zh}${label.zh}${n}` },
      geometry,
      district: d.info.id,
      status: "normal",
      properties,
    };
  }

  /** Point assets spread over districts by weight; `make` fills in the properties. */
  private scatter(type: AssetType, make: (rand: Random, i: number) => Record<string, PropertyValue>): Asset[] {
    const rand = this.rand(type);
    const quotas = apportion(this.count(type), this.weights);
    const out: Asset[] = [];
    this.districts.forEach((d, di) => {
      for (let k = 0; k < (quotas[di] ?? 0); k++) {
        const n = this.next(`${type}:${d.info.id}`);
        const p = this.randomPoint(d, rand);
        out.push(this.base(type, d, `${d.info.id}-${pad(n)}`, n, point(p), make(rand, out.length)));
      }
    });
    return out;
  }

  substationsAndFeeders(): Asset[] {
    const subs = this.scatter("Substation", (rand) => {
      const r = rand();
      const voltageKV = r < 0.04 ? 500 : r < 0.28 ? 220 : 110;
      const raw = voltageKV === 500 ? between(rand, 2000, 3000) : voltageKV === 220 ? between(rand, 480, 720) : between(rand, 100, 200);
      return { voltageKV, capacityMW: raw };
    });
    // Firm capacity ~1.6 × peak load: enough headroom that only hot feeders overload.
    const raw = subs.reduce((a, s) => a + Number(s.properties.capacityMW), 0);
    const factor = raw > 0 ? (1.6 * this.pack.scale.peakLoadMW) / raw : 0;
    for (const s of subs) s.properties.capacityMW = Math.round(Number(s.properties.capacityMW) * factor * 10) / 10;

    const rand = this.rand("Feeder");
    const perSub = apportion(this.count("Feeder"), subs.map(() => 1));
    const feeders: Asset[] = [];
    subs.forEach((s, i) => {
      const d = this.districts.find((x) => x.info.id === s.district) as DistrictShape;
      const origin = (s.geometry as Point).coordinates;
      const k = perSub[i] ?? 0;
      for (let f = 1; f <= k; f++) {
        const capacityMW = Math.round((Number(s.properties.capacityMW) / k) * between(rand, 0.9, 1.2) * 10) / 10;
        feeders.push({
          id: `${s.id.replace(":Substation:", ":Feeder:")}-f${f}`,
          type: "Feeder",
          domain: "energy",
          name: { en: `${s.name.en} Feeder ${f}`, zh: `${s.name.zh}馈线${f}` },
          geometry: point(this.near(d, origin, 1200, rand)),
          district: s.district,
          status: "normal",
          properties: { substationId: s.id, capacityMW },
        });
      }
    });
    return [...subs, ...feeders];
  }

  solarPlants(): Asset[] {
    const plants = this.scatter("SolarPlant", (rand) => ({ capacityMW: rand() < 0.15 ? between(rand, 30, 60) : between(rand, 2, 15) }));
    const raw = plants.reduce((a, p) => a + Number(p.properties.capacityMW), 0);
    const factor = raw > 0 ? this.pack.scale.solarCapacityMW / raw : 0;
    for (const p of plants) p.properties.capacityMW = Math.round(Number(p.properties.capacityMW) * factor * 10) / 10;
    return plants;
  }

  evStations(): Asset[] {
    return this.scatter("EVChargingStation", (rand) => ({
      connectors: intBetween(rand, 4, 40),
      operator: weightedPick(rand, EV_OPERATORS, [5, 4, 3, 3, 2, 1]),
    }));
  }

  trafficSegments(): Asset[] {
    const type = "TrafficFlowObserved";
    const rand = this.rand(type);
    // Candidate segments: consecutive samples along a road, both ends in the same district.
    const byDistrict = new Map<string, { road: number; from: Position; to: Position }[]>();
    this.pack.roads.features.forEach((road, ri) => {
      // Scaled up, shorter segments: the roads must offer a free segment for every detector.
      const pts = along(road.geometry.coordinates, this.scale === 1 ? SEGMENT_METRES : Math.max(25, SEGMENT_METRES / this.scale));
      for (let i = 0; i < pts.length - 1; i++) {
        const a = pts[i] as Position;
        const b = pts[i + 1] as Position;
        const d = this.districtOf(a);
        if (!d || !this.contains(d, b)) continue;
        const list = byDistrict.get(d.info.id) ?? [];
        list.push({ road: ri, from: a, to: b });
        byDistrict.set(d.info.id, list);
      }
    });
    const weights = this.districts.map((d, i) => (byDistrict.get(d.info.id)?.length ? (this.weights[i] ?? 0) : 0));
    const quotas = apportion(this.count(type), weights);
    const out: Asset[] = [];
    this.districts.forEach((d, di) => {
      const candidates = [...(byDistrict.get(d.info.id) ?? [])];
      for (let k = 0; k < (quotas[di] ?? 0) && candidates.length; k++) {
        // Without replacement while candidates last, so two detectors rarely share a segment.
        const idx = Math.floor(rand() * candidates.length);
        const seg = candidates[idx] as (typeof candidates)[number];
        if (candidates.length > 1) candidates.splice(idx, 1);
        const road = this.pack.roads.features[seg.road] as Feature<LineString, CityPack["roads"]["features"][number]["properties"]>;
        const cls = road.properties.class;
        const n = this.next(`${type}:${d.info.id}`);
        const asset = this.base(
          type,
          d,
          `${d.info.id}-${pad(n)}`,
          n,
          { type: "LineString", coordinates: [seg.from, seg.to].map((p) => point(p).coordinates) },
          {
            roadName_en: road.properties.name_en,
            roadName_zh: road.properties.name_zh,
            lanes: cls === "motorway" ? intBetween(rand, 3, 4) : cls === "trunk" ? 3 : intBetween(rand, 2, 4),
            freeFlowSpeed: cls === "motorway" ? 100 : cls === "trunk" ? 80 : 60,
          },
        );
        asset.name = {
          en: `${road.properties.name_en} ${LABELS[type].en} ${d.info.name.en} ${n}`,
          zh: `${road.properties.name_zh}${d.info.name.zh}${LABELS[type].zh}${n}`,
        };
        out.push(asset);
      }
    });
    return out;
  }

  /** Stations evenly along every line; stops of different lines that nearly touch become interchanges. */
  private stationsAt(spacing: number): { p: Position; lines: Set<string>; d: DistrictShape }[] {
    type Station = { p: Position; lines: Set<string>; d: DistrictShape };
    const stations: Station[] = [];
    // A grid of ~merge-radius cells keeps the neighbour search linear; a scan of all stations was
    // most of the inventory's run time.
    const cell = STATION_MERGE_METRES / 111_000;
    const grid = new Map<string, Station[]>();
    const key = (gx: number, gy: number) => `${gx}:${gy}`;
    for (const f of this.pack.metro.features) {
      for (const p of along(f.geometry.coordinates, spacing, spacing / 4)) {
        const gx = Math.floor((p[0] ?? 0) / cell);
        const gy = Math.floor((p[1] ?? 0) / cell);
        let near: Station | undefined;
        for (let dx = -1; dx <= 1 && !near; dx++) {
          for (let dy = -1; dy <= 1 && !near; dy++) {
            near = grid.get(key(gx + dx, gy + dy))?.find((s) => metres(s.p, p) < STATION_MERGE_METRES);
          }
        }
        if (near) {
          near.lines.add(f.properties.line);
          continue;
        }
        const d = this.districtOf(p);
        if (!d) continue;
        const station = { p, lines: new Set([f.properties.line]), d };
        stations.push(station);
        const bucket = grid.get(key(gx, gy)) ?? [];
        bucket.push(station);
        grid.set(key(gx, gy), bucket);
      }
    }
    return stations;
  }

  metroStations(): Asset[] {
    const type = "MetroStation";
    const want = this.count(type);
    if (want === 0 || this.pack.metro.features.length === 0) return [];
    const total = this.pack.metro.features.reduce((a, f) => a + lineLength(f.geometry.coordinates), 0);
    // Bisect the spacing until the lines carry at least the wanted number of stations.
    let lo = 50;
    let hi = Math.max(total / want, 100);
    let best = this.stationsAt(lo);
    for (let i = 0; i < 16; i++) {
      const mid = (lo + hi) / 2;
      const s = this.stationsAt(mid);
      if (s.length >= want) {
        best = s;
        lo = mid;
      } else hi = mid;
    }
    const rand = this.rand(type);
    while (best.length > want) {
      const plain = best.map((s, i) => (s.lines.size === 1 ? i : -1)).filter((i) => i >= 0);
      const drop = plain.length ? (plain[Math.floor(rand() * plain.length)] as number) : best.length - 1;
      best.splice(drop, 1);
    }
    const order = new Map(this.districts.map((d, i) => [d.info.id, i]));
    best.sort((a, b) => (order.get(a.d.info.id) ?? 0) - (order.get(b.d.info.id) ?? 0));
    const byNumber = (a: string, b: string) => a.localeCompare(b, "en", { numeric: true });
    return best.map((s) => {
      const n = this.next(`${type}:${s.d.info.id}`);
      return this.base(type, s.d, `${s.d.info.id}-${pad(n)}`, n, point(s.p), { lines: [...s.lines].sort(byNumber).join(",") });
    });
  }

  parkingSites(): Asset[] {
    return this.scatter("ParkingSite", (rand) => ({ capacity: intBetween(rand, 8, 120) * 10 }));
  }

  cityWorks(): Asset[] {
    return this.scatter("CityWork", (rand, i) => {
      const phase = weightedPick(rand, PHASES, [2, 3, 4, 2]);
      const startOffset = phase === "planning" ? intBetween(rand, 30, 300) : -intBetween(rand, 30, 900);
      const start = new Date(CONSTRUCTION_EPOCH + startOffset * DAY_MS);
      const end = new Date(start.getTime() + intBetween(rand, 180, 1100) * DAY_MS);
      const progressPct =
        phase === "planning" ? 0 : phase === "foundation" ? intBetween(rand, 5, 25) : phase === "structure" ? intBetween(rand, 25, 70) : intBetween(rand, 70, 98);
      const permitStatus = phase === "planning" ? weightedPick(rand, ["pending", "approved"], [3, 1]) : rand() < 0.05 ? "suspended" : "approved";
      return {
        phase,
        permitId: `BP-${start.getUTCFullYear()}-${pad(i + 1, 5)}`,
        permitStatus,
        startDate: start.toISOString().slice(0, 10),
        plannedEnd: end.toISOString().slice(0, 10),
        progressPct,
        workers: phase === "planning" ? intBetween(rand, 0, 5) : intBetween(rand, 20, 400),
      };
    });
  }

  hospitals(): Asset[] {
    const hospitals = this.scatter("Building", (rand) => {
      const level = weightedPick(rand, ["tertiary", "secondary", "primary"] as const, [25, 40, 35]);
      const beds = level === "tertiary" ? between(rand, 1000, 2500) : level === "secondary" ? between(rand, 300, 800) : between(rand, 50, 200);
      return { category: "hospital", level, beds, icuBeds: 0, hasER: level !== "primary" || rand() < 0.5 };
    });
    const raw = hospitals.reduce((a, h) => a + Number(h.properties.beds), 0);
    const factor = raw > 0 ? this.pack.scale.hospitalBeds / raw : 0;
    for (const h of hospitals) {
      const beds = Math.max(10, Math.round(Number(h.properties.beds) * factor));
      const icuShare = h.properties.level === "tertiary" ? 0.06 : h.properties.level === "secondary" ? 0.03 : 0.01;
      h.properties.beds = beds;
      h.properties.icuBeds = Math.max(1, Math.round(beds * icuShare));
    }
    return hospitals;
  }

  ambulanceStations(): Asset[] {
    return this.scatter("AmbulanceStation", (rand) => ({ vehicles: intBetween(rand, 2, 8) }));
  }
}
