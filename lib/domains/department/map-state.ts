/**
 * What the department map draws, from API answers: the district choropleth as a collection whose
 * features never change (values go to feature-state), assets with their status at the cursor
 * (derived from the alerts active then), and the selection. Pure; tested beside.
 */
import type { Feature, FeatureCollection, Geometry } from "geojson";
import type { AlertsResponse, AssetsResponse, DistrictValuesResponse } from "@/lib/domains/twin/schemas";
import type { AlertSeverity, AssetStatus } from "@/lib/twin/types";

const SEVERITY_STATUS: Record<AlertSeverity, AssetStatus> = { info: "normal", minor: "warning", major: "warning", critical: "critical" };
const STATUS_RANK: Record<AssetStatus, number> = { normal: 0, offline: 1, warning: 2, critical: 3 };

/** Worst status per asset from the alerts active at an instant. */
export function statusFromAlerts(alerts: AlertsResponse | undefined): Map<string, AssetStatus> {
  const out = new Map<string, AssetStatus>();
  for (const f of alerts?.features ?? []) {
    const s = SEVERITY_STATUS[f.properties.severity];
    const had = out.get(f.properties.assetId);
    if (!had || STATUS_RANK[s] > STATUS_RANK[had]) out.set(f.properties.assetId, s);
  }
  return out;
}

/**
 * The assets with the status they had at the cursor: from the alerts active then (`atCursor`),
 * normal when none; null keeps the live status. Same features and geometry, so the map only
 * restyles (feature-state), never re-sends the source.
 */
export function assetsAtCursor(assets: AssetsResponse | undefined, atCursor: Map<string, AssetStatus> | null): AssetsResponse | undefined {
  if (!assets || !atCursor) return assets;
  return {
    ...assets,
    features: assets.features.map((f) => ({ ...f, properties: { ...f.properties, status: atCursor.get(f.properties.id) ?? "normal" } })),
  };
}

/**
 * District polygons with the metric's value scaled to 0..1 over the ramp's domain as `value`
 * (-1 = no value: feature-state cannot hold null), keyed by `id`. Scaling here keeps the layer's
 * paint constant while the range moves.
 */
export function choroplethCollection(districts: FeatureCollection | undefined, values: DistrictValuesResponse | undefined): FeatureCollection | undefined {
  if (!districts || !values) return undefined;
  const dom = rampDomain(values);
  const scale = (v: number) => (dom ? Math.round((1000 * (v - dom[0])) / (dom[1] - dom[0])) / 1000 : 0.5);
  const byId = new Map(values.districts.map((d) => [d.id, d.value === null ? null : scale(d.value)]));
  return {
    type: "FeatureCollection",
    features: districts.features.map((f) => {
      const id = String(f.properties?.id ?? "");
      const v = byId.get(id);
      // -1 marks "no value" (feature-state cannot hold null); the layer paints it grey.
      return { type: "Feature", geometry: f.geometry, properties: { id, value: v === null || v === undefined ? -1 : v } };
    }),
  };
}

/** Low and high end of the colour ramp: the values' range, widened a little so one value still shows. */
export function rampDomain(values: DistrictValuesResponse | undefined): [number, number] | null {
  const vs = (values?.districts ?? []).map((d) => d.value).filter((v): v is number => v !== null);
  if (vs.length === 0) return null;
  let lo = Math.min(...vs);
  let hi = Math.max(...vs);
  if (hi - lo < 1e-9) {
    lo -= 1;
    hi += 1;
  }
  return [lo, hi];
}

/** The selected district's outline and the selected asset, as one small collection. */
export function selectionCollection(districts: FeatureCollection | undefined, district: string | null, asset: Feature<Geometry> | null): FeatureCollection {
  const features: Feature[] = [];
  const d = district ? districts?.features.find((f) => f.properties?.id === district) : undefined;
  if (d) features.push({ type: "Feature", geometry: d.geometry, properties: { id: `district:${district}`, kind: "district" } });
  if (asset) features.push({ type: "Feature", geometry: asset.geometry, properties: { id: `asset:${String(asset.id ?? "")}`, kind: "asset" } });
  return { type: "FeatureCollection", features };
}

/** [w, s, e, n] of a geometry (any type), or null when it has no coordinates. */
export function geometryBounds(g: Geometry): [number, number, number, number] | null {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === "number" && typeof c[1] === "number") {
      w = Math.min(w, c[0]);
      e = Math.max(e, c[0]);
      s = Math.min(s, c[1]);
      n = Math.max(n, c[1]);
    } else if (Array.isArray(c)) for (const x of c) visit(x);
  };
  if (g.type === "GeometryCollection") g.geometries.forEach((x) => visit("coordinates" in x ? x.coordinates : []));
  else visit(g.coordinates);
  return Number.isFinite(w) ? [w, s, e, n] : null;
}
