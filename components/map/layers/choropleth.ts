/**
 * The department map's district choropleth and selection layers, as data. The choropleth's value
 * is read through feature-state (`value`; -1 = no value, painted grey and hatched by opacity) so a
 * new answer restyles districts in place. Colours run from calm to alarming in the direction the
 * measure is worse.
 */
import type { ExpressionSpecification, LayerSpecification } from "@maplibre/maplibre-gl-style-spec";
import type { ChoroplethScale } from "@/lib/views/department/map-scale";
import type { MapPalette } from "./palette";

export const CHOROPLETH_SOURCE = "choropleth";
export const CHOROPLETH_STATE_KEY = "value";
export const SELECTION_SOURCE = "selection";

const VALUE: ExpressionSpecification = ["coalesce", ["feature-state", CHOROPLETH_STATE_KEY], ["get", CHOROPLETH_STATE_KEY]];

/**
 * Fill colour by class index (see lib/views/department/map-scale.ts: classes at the measure's own levels); -1 = no
 * value. Without a scale every district with a value gets the plain district fill.
 */
export function choroplethColour(scale: ChoroplethScale | null, noValue: string, plain: string): ExpressionSpecification {
  const colours = scale?.classes.map((c) => c.colour) ?? [plain];
  const steps: (number | string)[] = [];
  colours.slice(1).forEach((c, i) => steps.push(i + 1, c));
  const fill: ExpressionSpecification = steps.length ? ["step", VALUE, colours[0] ?? plain, ...steps] : ["to-color", colours[0] ?? plain];
  return ["case", ["<", VALUE, 0], noValue, fill];
}

export function choroplethLayers(p: MapPalette, scale: ChoroplethScale | null): LayerSpecification[] {
  return [
    {
      id: "choropleth-fill",
      type: "fill",
      source: CHOROPLETH_SOURCE,
      paint: { "fill-color": choroplethColour(scale, p.status.offline, p.districtFill), "fill-opacity": ["case", ["<", VALUE, 0], 0.25, 0.6] },
    },
    { id: "choropleth-line", type: "line", source: CHOROPLETH_SOURCE, paint: { "line-color": p.pointOutline, "line-width": 0.8, "line-opacity": 0.6 } },
  ];
}

export function selectionLayers(p: MapPalette): LayerSpecification[] {
  return [
    {
      id: "selection-district",
      type: "line",
      source: SELECTION_SOURCE,
      filter: ["==", ["get", "kind"], "district"],
      paint: { "line-color": p.label, "line-width": 3 },
    },
    {
      id: "selection-asset",
      type: "circle",
      source: SELECTION_SOURCE,
      filter: ["==", ["get", "kind"], "asset"],
      paint: { "circle-color": "rgba(0,0,0,0)", "circle-radius": 14, "circle-stroke-width": 3, "circle-stroke-color": p.label },
    },
  ];
}
