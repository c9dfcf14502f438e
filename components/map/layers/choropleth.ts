/**
 * The department map's district choropleth and selection layers, as data. The choropleth's value
 * is read through feature-state (`value`; -1 = no value, painted grey and hatched by opacity) so a
 * new answer restyles districts in place. Colours run from calm to alarming in the direction the
 * measure is worse.
 */
import type { ExpressionSpecification, LayerSpecification } from "@maplibre/maplibre-gl-style-spec";
import type { MapPalette } from "./palette";

export const CHOROPLETH_SOURCE = "choropleth";
export const CHOROPLETH_STATE_KEY = "value";
export const SELECTION_SOURCE = "selection";

/** Ramp colours, good to bad (colour-blind safe: yellow-orange-red lightness ramp). */
export const RAMP = ["#2c7bb6", "#abd9e9", "#fee090", "#fdae61", "#d7191c"] as const;

const VALUE: ExpressionSpecification = ["coalesce", ["feature-state", CHOROPLETH_STATE_KEY], ["get", CHOROPLETH_STATE_KEY]];

/** Fill colour by the scaled value (0..1); `better` = "higher" reverses the ramp. */
export function choroplethColour(better: "higher" | "lower", noValue: string, lo = 0, hi = 1): ExpressionSpecification {
  const colours = better === "lower" ? [...RAMP] : [...RAMP].reverse();
  const stops: (number | string)[] = [];
  colours.forEach((c, i) => stops.push(lo + ((hi - lo) * i) / (colours.length - 1), c));
  return ["case", ["<", VALUE, 0], noValue, ["interpolate", ["linear"], VALUE, ...stops] as ExpressionSpecification];
}

export function choroplethLayers(p: MapPalette, better: "higher" | "lower"): LayerSpecification[] {
  return [
    {
      id: "choropleth-fill",
      type: "fill",
      source: CHOROPLETH_SOURCE,
      paint: { "fill-color": choroplethColour(better, p.status.offline), "fill-opacity": ["case", ["<", VALUE, 0], 0.25, 0.55] },
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
