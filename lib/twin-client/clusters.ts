/**
 * Server-side aggregation of a dense asset layer for the map: the assets in a view, binned on a
 * grid of screen cells at the view's zoom (Web Mercator, 512-px tiles as MapLibre draws them).
 * A cell holding one asset answers the asset itself (its own geometry, so a road detector is still
 * a line); a cell holding more answers one cluster point at their mean position, with the count
 * and the worst status inside. The map then draws a few hundred features whatever the inventory's
 * size. Pure: the caller brings the points.
 */
import type { Feature, Geometry, Point } from "geojson";
import type { AssetStatus, AssetType } from "@/lib/twin/types";

type BBox = [west: number, south: number, east: number, north: number];

/** Side of a grid cell in screen pixels. */
export const CLUSTER_CELL_PX = 48;
/** From this zoom on every asset is answered on its own (a street block per screen). */
export const CLUSTER_MAX_ZOOM = 16;
/** The largest view answered, in pixels a side at the zoom asked (an 8K wall is 7680 × 4320). */
export const CLUSTER_MAX_VIEW_PX = 8192;

export interface ClusterPoint {
  id: string;
  type: AssetType;
  status: AssetStatus;
  /** Where the asset is counted (a line's middle vertex). */
  lon: number;
  lat: number;
  geometry: Geometry;
}

export interface ClusterProperties {
  /** The asset's URN, or `cluster:<zoom>:<cx>:<cy>` for a cluster (stable while the view is). */
  id: string;
  kind: "asset" | "cluster";
  /** The asset's status, or the worst in the cluster (critical, warning, offline, normal). */
  status: AssetStatus;
  count: number;
  /** Asset type (assets only). */
  type?: AssetType;
  /** Assets in each abnormal status (clusters only). */
  critical?: number;
  warning?: number;
  offline?: number;
}

const SEVERITY: Record<AssetStatus, number> = { normal: 0, offline: 1, warning: 2, critical: 3 };
const MAX_LAT = 85.051129;

/** World pixel coordinates of a position at a zoom (512-px tiles). */
export function worldPixel(lon: number, lat: number, zoom: number): [number, number] {
  const size = 512 * 2 ** zoom;
  const phi = (Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI) / 180;
  const x = ((lon + 180) / 360) * size;
  const y = (0.5 - Math.log((1 + Math.sin(phi)) / (1 - Math.sin(phi))) / (4 * Math.PI)) * size;
  return [x, y];
}

/** The view's size in pixels at the zoom: [width, height]. */
export function viewPixels([w, s, e, n]: BBox, zoom: number): [number, number] {
  const [x0, y0] = worldPixel(w, n, zoom);
  const [x1, y1] = worldPixel(e, s, zoom);
  return [x1 - x0, y1 - y0];
}

/** A representative position: a point itself, the middle vertex of a line or ring. */
export function anchorOf(g: Geometry): [number, number] | null {
  const pick = (c: number[][]): [number, number] | null => {
    const p = c[Math.floor(c.length / 2)];
    return p && p.length >= 2 ? [p[0] as number, p[1] as number] : null;
  };
  switch (g.type) {
    case "Point":
      return [g.coordinates[0] as number, g.coordinates[1] as number];
    case "LineString":
    case "MultiPoint":
      return pick(g.coordinates);
    case "Polygon":
      return pick(g.coordinates[0] ?? []);
    case "MultiLineString":
      return pick(g.coordinates[0] ?? []);
    case "MultiPolygon":
      return pick(g.coordinates[0]?.[0] ?? []);
    default:
      return null;
  }
}

interface Cell {
  first: ClusterPoint;
  count: number;
  lon: number;
  lat: number;
  worst: AssetStatus;
  critical: number;
  warning: number;
  offline: number;
}

/**
 * The assets of `points` inside `bbox` at `zoom`, aggregated per grid cell. Sorted by cell, so the
 * same data gives the same collection (its signature is stable, and status changes travel as
 * feature-state on the client).
 */
export function clusterPoints(points: readonly ClusterPoint[], bbox: BBox, zoom: number): Feature<Geometry, ClusterProperties>[] {
  const [w, s, e, n] = bbox;
  const z = Math.floor(zoom);
  const single = z >= CLUSTER_MAX_ZOOM;
  const cells = new Map<string, Cell>();
  for (const p of points) {
    if (p.lon < w || p.lon > e || p.lat < s || p.lat > n) continue;
    const [x, y] = worldPixel(p.lon, p.lat, z);
    const key = single ? p.id : `${Math.floor(x / CLUSTER_CELL_PX)}:${Math.floor(y / CLUSTER_CELL_PX)}`;
    const c = cells.get(key);
    if (!c) {
      cells.set(key, {
        first: p,
        count: 1,
        lon: p.lon,
        lat: p.lat,
        worst: p.status,
        critical: p.status === "critical" ? 1 : 0,
        warning: p.status === "warning" ? 1 : 0,
        offline: p.status === "offline" ? 1 : 0,
      });
      continue;
    }
    c.count++;
    c.lon += p.lon;
    c.lat += p.lat;
    if (SEVERITY[p.status] > SEVERITY[c.worst]) c.worst = p.status;
    if (p.status === "critical") c.critical++;
    else if (p.status === "warning") c.warning++;
    else if (p.status === "offline") c.offline++;
  }
  const keys = [...cells.keys()].sort();
  return keys.map((key) => {
    const c = cells.get(key) as Cell;
    if (c.count === 1) {
      const a = c.first;
      return { type: "Feature", geometry: a.geometry, properties: { id: a.id, kind: "asset", status: a.status, count: 1, type: a.type } };
    }
    const r6 = (v: number) => Math.round(v * 1e6) / 1e6;
    const geometry: Point = { type: "Point", coordinates: [r6(c.lon / c.count), r6(c.lat / c.count)] };
    return {
      type: "Feature",
      geometry,
      properties: {
        id: `cluster:${z}:${key}`,
        kind: "cluster",
        status: c.worst,
        count: c.count,
        critical: c.critical,
        warning: c.warning,
        offline: c.offline,
      },
    };
  });
}

/** The position of world pixel coordinates at a zoom (512-px tiles): the inverse of `worldPixel`. */
export function pixelLngLat(x: number, y: number, zoom: number): [number, number] {
  const size = 512 * 2 ** zoom;
  const lon = (x / size) * 360 - 180;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / size))) * 180) / Math.PI;
  return [lon, lat];
}

const CLUSTER_ID = /^cluster:(\d+):(-?\d+):(-?\d+)$/;
/** How far apart clusters of different layers in one cell are set, in screen pixels from their centre. */
export const SPREAD_PX = 14;

/**
 * Clusters of several layers (domains) that fall in the same screen cell are drawn on top of each
 * other: each layer is aggregated on the same grid. This sets them on a small ring around their
 * common centre, in the order of `layers`, so each stays visible with its count. Collections
 * without a shared cell come back as they were (same object), so the map re-sends nothing.
 */
export function spreadClusters<T extends { features: Feature[] }>(layers: readonly (T | undefined)[], radiusPx = SPREAD_PX): (T | undefined)[] {
  const cells = new Map<string, { layer: number; index: number; zoom: number; x: number; y: number }[]>();
  layers.forEach((fc, layer) => {
    fc?.features.forEach((f, index) => {
      const m = CLUSTER_ID.exec(String(f.properties?.id ?? ""));
      if (!m || f.geometry?.type !== "Point") return;
      const zoom = Number(m[1]);
      const [x, y] = worldPixel(f.geometry.coordinates[0] as number, f.geometry.coordinates[1] as number, zoom);
      const key = `${m[1]}:${m[2]}:${m[3]}`;
      const list = cells.get(key) ?? [];
      list.push({ layer, index, zoom, x, y });
      cells.set(key, list);
    });
  });
  const moved = new Map<number, Map<number, [number, number]>>();
  for (const list of cells.values()) {
    if (new Set(list.map((c) => c.layer)).size < 2) continue;
    const cx = list.reduce((s, c) => s + c.x, 0) / list.length;
    const cy = list.reduce((s, c) => s + c.y, 0) / list.length;
    list.sort((a, b) => a.layer - b.layer);
    list.forEach((c, j) => {
      const angle = -Math.PI / 2 + (2 * Math.PI * j) / list.length;
      const at = pixelLngLat(cx + radiusPx * Math.cos(angle), cy + radiusPx * Math.sin(angle), c.zoom);
      const byIndex = moved.get(c.layer) ?? new Map<number, [number, number]>();
      byIndex.set(c.index, [Math.round(at[0] * 1e6) / 1e6, Math.round(at[1] * 1e6) / 1e6]);
      moved.set(c.layer, byIndex);
    });
  }
  return layers.map((fc, layer) => {
    const byIndex = moved.get(layer);
    if (!fc || !byIndex) return fc;
    return { ...fc, features: fc.features.map((f, i) => (byIndex.has(i) ? { ...f, geometry: { type: "Point", coordinates: byIndex.get(i) as [number, number] } } : f)) };
  });
}
