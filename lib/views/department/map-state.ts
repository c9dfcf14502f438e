/**
 * What the department map draws, from API answers: the district choropleth as a collection whose
 * features never change (values go to feature-state), assets with their status at the cursor
 * (derived from the alerts active then), and the selection. Pure; tested beside.
 */
import type { Feature, FeatureCollection, Geometry } from "geojson";
import type { AlertsResponse, AssetsResponse, DistrictValuesResponse } from "@/lib/twin-client/schemas";
import { classIndex, type ChoroplethScale } from "./map-scale";
import { STATUS_RANK, severityStatus, worseStatus } from "@/lib/twin/levels";
import { ALERT_SEVERITIES, type AlertSeverity, type AssetStatus } from "@/lib/twin/types";

/** Alert severity as an asset status (lib/twin/levels.ts): the alert list, the map and the KPI strip agree on it. */
export const SEVERITY_STATUS = Object.fromEntries(ALERT_SEVERITIES.map((s) => [s, severityStatus(s)])) as Record<AlertSeverity, AssetStatus>;

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
 * The assets with the status the map draws, the same as the alert list's: at the cursor
 * (`live` false) the worst of the alerts active then, normal when none; live, the worse of the
 * asset's own status and its open alerts' (a hospital with an open bed alert is not drawn
 * normal). Same features and geometry, so the map only restyles (feature-state), never re-sends
 * the source. Returns `assets` itself when nothing changes.
 */
export function assetsWithAlertStatus(assets: AssetsResponse | undefined, byAlert: Map<string, AssetStatus> | null, live = false): AssetsResponse | undefined {
  if (!assets || !byAlert) return assets;
  const statusOf = (own: AssetStatus, id: string): AssetStatus => {
    const a = byAlert.get(id);
    return live ? worseStatus(own, a) : (a ?? "normal");
  };
  if (live && !assets.features.some((f) => statusOf(f.properties.status, f.properties.id) !== f.properties.status)) return assets;
  return {
    ...assets,
    features: assets.features.map((f) => ({ ...f, properties: { ...f.properties, status: statusOf(f.properties.status, f.properties.id) } })),
  };
}

/**
 * District polygons with the class of the metric's value on the measure's fixed scale as `value`
 * (see components/map/scale.ts; -1 = no value: feature-state cannot hold null), keyed by `id`.
 * Classes, not a range stretched over today's values: the paint and the legend never move.
 */
export function choroplethCollection(districts: FeatureCollection | undefined, values: DistrictValuesResponse | undefined, scale: ChoroplethScale | null): FeatureCollection | undefined {
  if (!districts || !values) return undefined;
  const byId = new Map(values.districts.map((d) => [d.id, d.value]));
  return {
    type: "FeatureCollection",
    features: districts.features.map((f) => {
      const id = String(f.properties?.id ?? "");
      const v = byId.get(id);
      const value = v === null || v === undefined ? -1 : scale ? classIndex(scale, v) : 0;
      return { type: "Feature", geometry: f.geometry, properties: { id, value } };
    }),
  };
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
