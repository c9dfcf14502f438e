/**
 * Build-time geometry helpers for city packs: Natural Earth land, schematic Voronoi districts,
 * simplification. Only `scripts/build-city-pack.ts` uses them; nothing here ships to the app.
 */
import { intersection, union, difference } from "polygon-clipping";
import type { MultiPolygon as PcMulti, Polygon as PcPolygon, Ring } from "polygon-clipping";
import { feature } from "topojson-client";
import type { Topology, GeometryCollection } from "topojson-specification";
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from "geojson";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

export type Pt = [number, number];
export type BBoxTuple = [number, number, number, number];

/** Rounds to ~11 m: ample for a basemap at city zoom and keeps files small. */
export const round = (v: number, digits = 4): number => Number(v.toFixed(digits));

export function roundRing(ring: Ring): Pt[] {
  const out: Pt[] = [];
  for (const [x, y] of ring) {
    const p: Pt = [round(x), round(y)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) out.push([first[0], first[1]]);
  return out;
}

/** Rounds every ring and drops rings that collapse; GeoJSON rings need 4 positions. */
export function cleanMulti(mp: PcMulti, minAreaDeg2 = 0): PcMulti {
  const out: PcMulti = [];
  for (const poly of mp) {
    const rings = poly.map(roundRing).filter((r) => r.length >= 4);
    const outer = rings[0];
    if (!outer || Math.abs(ringArea(outer)) < minAreaDeg2) continue;
    out.push(rings);
  }
  return out;
}

export function ringArea(ring: Pt[] | Ring): number {
  let a = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const p = ring[i];
    const q = ring[i + 1];
    if (p && q) a += p[0] * q[1] - q[0] * p[1];
  }
  return a / 2;
}

export function closeRing(points: Pt[]): Pt[] {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return points;
  return first[0] === last[0] && first[1] === last[1] ? points : [...points, [first[0], first[1]]];
}

export function bboxPolygon([w, s, e, n]: BBoxTuple): PcPolygon {
  return [[[w, s], [e, s], [e, n], [w, n], [w, s]]];
}

/** Natural Earth 1:10m countries from the world-atlas package (public domain). */
export function naturalEarthCountries(ids: string[], box: BBoxTuple): Map<string, PcMulti> {
  const require = createRequire(import.meta.url);
  const file = require.resolve("world-atlas/countries-10m.json");
  const topo = JSON.parse(readFileSync(file, "utf8")) as Topology<{ countries: GeometryCollection }>;
  const fc = feature(topo, topo.objects.countries);
  const out = new Map<string, PcMulti>();
  const clip = bboxPolygon(box);
  for (const f of fc.features) {
    const id = String(f.id);
    if (!ids.includes(id)) continue;
    const g = f.geometry;
    if (g.type !== "Polygon" && g.type !== "MultiPolygon") continue;
    const geom = (g.type === "Polygon" ? [g.coordinates] : g.coordinates) as PcMulti;
    out.set(id, intersection(geom, clip));
  }
  return out;
}

/**
 * Voronoi partition by half-plane clipping (exact for convex cells). Distances are taken with
 * longitude scaled by cos(latitude) so cells are not stretched east-west.
 */
export function voronoiCells(seeds: Pt[], box: BBoxTuple): PcPolygon[] {
  const k = Math.cos(((box[1] + box[3]) / 2) * (Math.PI / 180));
  const toS = ([x, y]: Pt): Pt => [x * k, y];
  const fromS = ([x, y]: Pt): Pt => [x / k, y];
  const s = seeds.map(toS);
  const [w, so, e, n] = box;
  const frame: Pt[] = [toS([w, so]), toS([e, so]), toS([e, n]), toS([w, n])];
  return s.map((si, i) => {
    let cell = frame;
    s.forEach((sj, j) => {
      if (i === j) return;
      // Keep p with |p-si|^2 <= |p-sj|^2, i.e. p·d <= c.
      const d: Pt = [sj[0] - si[0], sj[1] - si[1]];
      const c = (sj[0] ** 2 + sj[1] ** 2 - si[0] ** 2 - si[1] ** 2) / 2;
      cell = clipHalfPlane(cell, d, c);
    });
    // Rounded so that neighbouring cells share bit-identical vertices and union without seams.
    return [closeRing(cell.map(fromS).map(([x, y]): Pt => [round(x, 7), round(y, 7)]))];
  });
}

function clipHalfPlane(poly: Pt[], d: Pt, c: number): Pt[] {
  const out: Pt[] = [];
  const val = (p: Pt) => p[0] * d[0] + p[1] * d[1] - c;
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i] as Pt;
    const b = poly[(i + 1) % poly.length] as Pt;
    const va = val(a);
    const vb = val(b);
    if (va <= 0) out.push(a);
    if ((va < 0 && vb > 0) || (va > 0 && vb < 0)) {
      const t = va / (va - vb);
      out.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
    }
  }
  return out;
}

export interface DistrictSeeds {
  id: string;
  name_en: string;
  name_zh: string;
  seeds: Pt[];
}

/** Districts = union of their seeds' Voronoi cells, inside the outline, on land. */
export function schematicDistricts(
  districts: DistrictSeeds[],
  outline: Pt[],
  land: PcMulti,
  box: BBoxTuple,
): FeatureCollection<Polygon | MultiPolygon, { id: string; name_en: string; name_zh: string }> {
  const all = districts.flatMap((d) => d.seeds.map((s) => ({ id: d.id, s })));
  const cells = voronoiCells(all.map((a) => a.s), box);
  const inside = intersection([closeRing(outline)], land);
  const features = districts.map((d) => {
    const own = cells.filter((_, i) => all[i]?.id === d.id);
    const [first, ...rest] = own;
    if (!first) throw new Error(`district ${d.id} has no seeds`);
    const merged = rest.length ? union(first, ...rest) : [first];
    // Tiny islets (< ~0.1 km²) add bytes and nothing a user can see at city zoom.
    const geom = cleanMulti(intersection(merged, inside), 1e-5);
    return toFeature(geom, { id: d.id, name_en: d.name_en, name_zh: d.name_zh });
  });
  return { type: "FeatureCollection", features };
}

export function toFeature<P>(mp: PcMulti, properties: P): Feature<Polygon | MultiPolygon, P> {
  const geometry: Polygon | MultiPolygon =
    mp.length === 1 && mp[0] ? { type: "Polygon", coordinates: mp[0] as Position[][] } : { type: "MultiPolygon", coordinates: mp as Position[][][] };
  return { type: "Feature", properties, geometry };
}

/** The sea inside the frame: frame minus every land polygon. */
export function seaPolygon(box: BBoxTuple, lands: PcMulti[]): PcMulti {
  return cleanMulti(difference(bboxPolygon(box), ...lands), 1e-5);
}

/** A rough ellipse, for schematic reservoirs. `rx`, `ry` in km. */
export function ellipse(center: Pt, rxKm: number, ryKm: number, rotationDeg = 0, steps = 16): Pt[] {
  const [cx, cy] = center;
  const kx = 1 / (111.32 * Math.cos((cy * Math.PI) / 180));
  const ky = 1 / 110.57;
  const r = (rotationDeg * Math.PI) / 180;
  const pts: Pt[] = [];
  for (let i = 0; i < steps; i++) {
    const a = (i / steps) * 2 * Math.PI;
    const x = rxKm * Math.cos(a);
    const y = ryKm * Math.sin(a);
    pts.push([round(cx + (x * Math.cos(r) - y * Math.sin(r)) * kx), round(cy + (x * Math.sin(r) + y * Math.cos(r)) * ky)]);
  }
  return closeRing(pts);
}

/** Douglas–Peucker on a polyline; tolerance in degrees. */
export function simplifyLine(points: Pt[], tol: number): Pt[] {
  if (points.length < 3) return points;
  const keep = new Array<boolean>(points.length).fill(false);
  keep[0] = keep[points.length - 1] = true;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length) {
    const [i, j] = stack.pop() as [number, number];
    const a = points[i] as Pt;
    const b = points[j] as Pt;
    let best = -1;
    let bestD = tol;
    for (let m = i + 1; m < j; m++) {
      const d = segDist(points[m] as Pt, a, b);
      if (d > bestD) {
        bestD = d;
        best = m;
      }
    }
    if (best >= 0) {
      keep[best] = true;
      stack.push([i, best], [best, j]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

function segDist(p: Pt, a: Pt, b: Pt): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}
