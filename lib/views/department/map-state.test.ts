import { describe, expect, it } from "vitest";
import type { FeatureCollection } from "geojson";
import type { AlertsResponse, AssetsResponse, DistrictValuesResponse } from "@/lib/twin-client/schemas";
import { choroplethScale } from "./map-scale";
import { assetsWithAlertStatus, choroplethCollection, geometryBounds, selectionCollection, statusFromAlerts } from "./map-state";

const alert = (assetId: string, severity: "minor" | "major" | "critical") => ({
  type: "Feature" as const,
  id: `${assetId}-${severity}`,
  geometry: { type: "Point" as const, coordinates: [114, 22.5] },
  properties: { id: `${assetId}-${severity}`, domain: "energy" as const, category: "energy", subCategory: "x", severity, assetId, district: "futian", description: { en: "", zh: "" }, start: "2026-07-15T00:00:00Z", end: null, state: "open" as const, stateBy: null, stateAt: null, value: 1, threshold: 1, acknowledgedBy: null, acknowledgedAt: null, assignee: null, escalation: 0, comment: null, comments: [] },
});

describe("map state at the cursor", () => {
  it("takes each asset's worst alert active then; others are normal", () => {
    const alerts: AlertsResponse = { type: "FeatureCollection", features: [alert("a", "minor"), alert("a", "critical"), alert("b", "major")], total: 3, asOf: "2026-07-15T00:00:00Z" };
    const s = statusFromAlerts(alerts);
    expect(s.get("a")).toBe("critical");
    expect(s.get("b")).toBe("warning");
    const assets = {
      type: "FeatureCollection",
      features: ["a", "b", "c"].map((id) => ({ type: "Feature", id, geometry: { type: "Point", coordinates: [114, 22.5] }, properties: { id, type: "Feeder", domain: "energy", name: { en: id, zh: id }, district: "futian", status: "offline", properties: {} } })),
      total: 3,
      nextCursor: null,
      asOf: "2026-07-15T00:00:00Z",
    } as AssetsResponse;
    const at = assetsWithAlertStatus(assets, s)!;
    expect(at.features.map((f) => f.properties.status)).toEqual(["critical", "warning", "normal"]);
    // Same features in the same order: the map restyles, it does not re-send.
    expect(at.features.map((f) => f.geometry)).toEqual(assets.features.map((f) => f.geometry));
    expect(assetsWithAlertStatus(assets, null)).toBe(assets);
    // Live: the worse of the asset's own status and its open alerts', as the alert list shows it.
    const live = assetsWithAlertStatus(assets, s, true)!;
    expect(live.features.map((f) => f.properties.status)).toEqual(["critical", "warning", "offline"]);
    const quiet = new Map<string, "normal">([["c", "normal"]]);
    expect(assetsWithAlertStatus(assets, quiet, true)).toBe(assets);
  });

  it("classes district values on the measure's own levels, -1 without a value", () => {
    const shapes: FeatureCollection = { type: "FeatureCollection", features: ["a", "b", "c"].map((id) => ({ type: "Feature", geometry: { type: "Point", coordinates: [0, 0] }, properties: { id } })) };
    const values = { districts: [{ id: "a", value: 31.3 }, { id: "b", value: 96.8 }, { id: "c", value: null }] } as DistrictValuesResponse;
    const scale = choroplethScale({ metric: "health.bedOccupancy", unit: "%", better: "lower", thresholds: { warning: 90, critical: 95 } });
    expect(choroplethCollection(shapes, values, scale)!.features.map((f) => f.properties?.value)).toEqual([0, 2, -1]);
    // Without a scale districts are drawn, uncoloured, rather than on an invented range.
    expect(choroplethCollection(shapes, values, null)!.features.map((f) => f.properties?.value)).toEqual([0, 0, -1]);
    expect(selectionCollection(shapes, "b", null).features).toHaveLength(1);
    expect(geometryBounds({ type: "LineString", coordinates: [[1, 2], [3, -1]] })).toEqual([1, -1, 3, 2]);
  });
});
