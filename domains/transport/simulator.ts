import "server-only";
/**
 * Transport generators (rush hours, metro demand, car parks) and placement: detectors on the
 * pack's roads, stations evenly along its metro lines, car parks by population.
 */
import type { Feature, LineString, Position } from "geojson";
import type { CityPack } from "@/lib/city/types";
import { intBetween } from "@/lib/city/random";
import { hashString, smoothNoise, u01 } from "@/lib/twin/simulator/noise";
import { activity, metroShare, rushProfile } from "@/lib/twin/simulator/profiles";
import type { TimeContext } from "@/lib/twin/simulator/local-time";
import type { Asset, DistrictInfo } from "@/lib/twin/types";
import { c11, clamp, round2, total } from "../sim";
import type { DomainSimulator, PlacementContext, SimCity, SimStream } from "../types";

/** Road detector segments are this long (m); metro stations closer than this merge into one. */
const SEGMENT_METRES = 250;
const STATION_MERGE_METRES = 250;

const pad = (n: number) => String(n).padStart(3, "0");

/** The congestion index of a road segment: a few chronic bottlenecks stay above 3.0 through the rush, so congestion alerts happen. */
function congestion(s: SimStream, city: SimCity): (c: TimeContext) => number {
  const { min, max } = city.pack.scale.congestionIndex;
  const sev = s.ua < 0.94 ? 0.1 + 0.38 * s.ub * s.ub : 0.72 + 0.28 * s.ub;
  return (c) =>
    clamp(
      min + (max - min) * sev * rushProfile(c.h, c.weekend) * (0.9 + 0.2 * smoothNoise(s.ka, c.t, 2700)) + 0.05 * c11(u01(s.ka, c.t)),
      min,
      max,
    );
}

/** A station's share of the city's metro trips: interchanges and a lasting per-station pull. */
function metroWeight(city: SimCity): (a: Asset) => number {
  return (a) => {
    const lines = String(a.properties.lines ?? "1").split(",").length;
    return (0.6 + lines) * (0.4 + u01(city.s0, hashString(a.id), 11));
  };
}

function metro(s: SimStream, city: SimCity, shift: number): (c: TimeContext) => number {
  const weight = metroWeight(city);
  const all = city.memo("transport.metroWeight", () => total(city.assetsOf("MetroStation"), weight));
  const share = (city.pack.scale.metroTripsPerDay * weight(s.asset)) / all;
  return (c) => {
    const h = c.h - shift;
    return Math.round(share * metroShare(h < 0 ? h + 24 : h) * (c.weekend ? 0.7 : 1) * (0.9 + 0.2 * u01(s.k, c.t)));
  };
}

export const transportSimulator: DomainSimulator = {
  id: "transport",
  models: {
    "TrafficFlowObserved:congestionIndex": (s, city) => {
      const ci = congestion(s, city);
      return (c) => round2(ci(c));
    },
    "TrafficFlowObserved:speed": (s, city) => {
      const ci = congestion(s, city);
      const ff = s.num("freeFlowSpeed", 60);
      return (c) => round2((ff / ci(c)) * (0.97 + 0.06 * u01(s.k, c.t)));
    },
    "TrafficFlowObserved:intensity": (s) => {
      const lanes = s.num("lanes", 3);
      return (c) =>
        Math.round(
          lanes * 1800 * clamp(0.08 + 0.8 * Math.max(rushProfile(c.h, c.weekend), 0.6 * activity(c.h)), 0, 0.95) * (0.95 + 0.1 * u01(s.k, c.t)),
        );
    },
    "MetroStation:entries": (s, city) => metro(s, city, 0),
    // Exits trail entries by the typical 20-minute trip.
    "MetroStation:exits": (s, city) => metro(s, city, 1 / 3),
    "ParkingSite:occupiedSpaces": (s) => {
      const cap = s.num("capacity", 300);
      return (c) => Math.round(cap * clamp((0.2 + 0.65 * activity(c.h)) * (0.75 + 0.4 * s.ua) + 0.05 * c11(smoothNoise(s.ka, c.t, 1800)), 0, 1));
    },
  },
  place(ctx) {
    return [...trafficSegments(ctx), ...metroStations(ctx), ...ctx.scatter("ParkingSite", (rand) => ({ capacity: intBetween(rand, 8, 120) * 10 }))];
  },
};

function trafficSegments(ctx: PlacementContext): Asset[] {
  const type = "TrafficFlowObserved";
  const rand = ctx.rand(type);
  // Candidate segments: consecutive samples along a road, both ends in the same district.
  const byDistrict = new Map<string, { road: number; from: Position; to: Position }[]>();
  ctx.pack.roads.features.forEach((road, ri) => {
    // Scaled up, shorter segments: the roads must offer a free segment for every detector.
    const pts = ctx.along(road.geometry.coordinates, ctx.scale === 1 ? SEGMENT_METRES : Math.max(25, SEGMENT_METRES / ctx.scale));
    for (let i = 0; i < pts.length - 1; i++) {
      const a = pts[i] as Position;
      const b = pts[i + 1] as Position;
      const d = ctx.districtOf(a);
      if (!d || !ctx.contains(d.id, b)) continue;
      const list = byDistrict.get(d.id) ?? [];
      list.push({ road: ri, from: a, to: b });
      byDistrict.set(d.id, list);
    }
  });
  const weights = ctx.districts.map((d, i) => (byDistrict.get(d.id)?.length ? (ctx.weights[i] ?? 0) : 0));
  const quotas = ctx.apportion(ctx.count(type), weights);
  const out: Asset[] = [];
  ctx.districts.forEach((d, di) => {
    const candidates = [...(byDistrict.get(d.id) ?? [])];
    for (let k = 0; k < (quotas[di] ?? 0) && candidates.length; k++) {
      // Without replacement while candidates last, so two detectors rarely share a segment.
      const idx = Math.floor(rand() * candidates.length);
      const seg = candidates[idx] as (typeof candidates)[number];
      if (candidates.length > 1) candidates.splice(idx, 1);
      const road = ctx.pack.roads.features[seg.road] as Feature<LineString, CityPack["roads"]["features"][number]["properties"]>;
      const cls = road.properties.class;
      const n = ctx.next(`${type}:${d.id}`);
      const asset = ctx.asset(
        type,
        d.id,
        `${d.id}-${pad(n)}`,
        n,
        { type: "LineString", coordinates: [seg.from, seg.to].map((p) => ctx.point(p).coordinates) },
        {
          roadName_en: road.properties.name_en,
          roadName_zh: road.properties.name_zh,
          lanes: cls === "motorway" ? intBetween(rand, 3, 4) : cls === "trunk" ? 3 : intBetween(rand, 2, 4),
          freeFlowSpeed: cls === "motorway" ? 100 : cls === "trunk" ? 80 : 60,
        },
      );
      asset.name = {
        en: `${road.properties.name_en} Detector ${d.name.en} ${n}`,
        zh: `${road.properties.name_zh}${d.name.zh}检测点${n}`,
      };
      out.push(asset);
    }
  });
  return out;
}

type Station = { p: Position; lines: Set<string>; d: DistrictInfo };

/** Stations evenly along every line; stops of different lines that nearly touch become interchanges. */
function stationsAt(ctx: PlacementContext, spacing: number): Station[] {
  const stations: Station[] = [];
  // A grid of ~merge-radius cells keeps the neighbour search linear; a scan of all stations was
  // most of the inventory's run time.
  const cell = STATION_MERGE_METRES / 111_000;
  const grid = new Map<string, Station[]>();
  const key = (gx: number, gy: number) => `${gx}:${gy}`;
  for (const f of ctx.pack.metro.features) {
    for (const p of ctx.along(f.geometry.coordinates, spacing, spacing / 4)) {
      const gx = Math.floor((p[0] ?? 0) / cell);
      const gy = Math.floor((p[1] ?? 0) / cell);
      let near: Station | undefined;
      for (let dx = -1; dx <= 1 && !near; dx++) {
        for (let dy = -1; dy <= 1 && !near; dy++) {
          near = grid.get(key(gx + dx, gy + dy))?.find((s) => ctx.metres(s.p, p) < STATION_MERGE_METRES);
        }
      }
      if (near) {
        near.lines.add(f.properties.line);
        continue;
      }
      const d = ctx.districtOf(p);
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

function metroStations(ctx: PlacementContext): Asset[] {
  const type = "MetroStation";
  const want = ctx.count(type);
  if (want === 0 || ctx.pack.metro.features.length === 0) return [];
  const length = (line: Position[]) => line.slice(1).reduce((s, p, i) => s + ctx.metres(line[i] as Position, p), 0);
  const all = ctx.pack.metro.features.reduce((a, f) => a + length(f.geometry.coordinates), 0);
  // Bisect the spacing until the lines carry at least the wanted number of stations.
  let lo = 50;
  let hi = Math.max(all / want, 100);
  let best = stationsAt(ctx, lo);
  for (let i = 0; i < 16; i++) {
    const mid = (lo + hi) / 2;
    const s = stationsAt(ctx, mid);
    if (s.length >= want) {
      best = s;
      lo = mid;
    } else hi = mid;
  }
  const rand = ctx.rand(type);
  while (best.length > want) {
    const plain = best.map((s, i) => (s.lines.size === 1 ? i : -1)).filter((i) => i >= 0);
    const drop = plain.length ? (plain[Math.floor(rand() * plain.length)] as number) : best.length - 1;
    best.splice(drop, 1);
  }
  const order = new Map(ctx.districts.map((d, i) => [d.id, i]));
  best.sort((a, b) => (order.get(a.d.id) ?? 0) - (order.get(b.d.id) ?? 0));
  const byNumber = (a: string, b: string) => a.localeCompare(b, "en", { numeric: true });
  return best.map((s) => {
    const n = ctx.next(`${type}:${s.d.id}`);
    return ctx.asset(type, s.d.id, `${s.d.id}-${pad(n)}`, n, ctx.point(s.p), { lines: [...s.lines].sort(byNumber).join(",") });
  });
}
