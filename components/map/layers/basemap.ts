/**
 * The basemap as a style built from data: the city pack's own GeoJSON, served by the app itself
 * (`/cities/<id>/<file>`). No glyphs URL, no sprite, no tiles from any other host, so the map
 * works on a closed control-room network.
 */
import type { ExpressionSpecification, LayerSpecification, StyleSpecification } from "@maplibre/maplibre-gl-style-spec";
import type { Locale } from "@/lib/i18n/locale";
import { LABEL_FONTS, type MapPalette } from "./palette";

export interface BasemapInput {
  cityId: string;
  /** File names inside `/cities/<id>/`, as the city pack lists them. */
  files: { land: string; water: string; roads: string; metro: string; districts: string };
  palette: MapPalette;
  locale: Locale;
  /** UI scale of wall screens (root font size / 16): labels grow with the rest of the type. */
  textScale?: number;
}

/** Basemap layer ids, bottom to top. Domain layers go above `BASEMAP_TOP`. */
export const BASEMAP_LAYER_IDS = [
  "background",
  "land",
  "districts-fill",
  "water",
  "roads-minor",
  "roads-major",
  "metro",
  "districts-line",
  "districts-label",
] as const;
export const BASEMAP_TOP = "districts-line";

export function cityFileUrl(cityId: string, file: string): string {
  // Pack files may be listed with or without their folder; the URL is always the app's own.
  const name = file.split("/").pop() ?? file;
  return `/cities/${encodeURIComponent(cityId)}/${encodeURIComponent(name)}`;
}

/** Bilingual district label: the page language on top, the other below, smaller. */
function districtLabel(locale: Locale): NonNullable<Extract<LayerSpecification, { type: "symbol" }>["layout"]>["text-field"] {
  const first = locale === "zh" ? "name_zh" : "name_en";
  const second = locale === "zh" ? "name_en" : "name_zh";
  return [
    "format",
    ["coalesce", ["get", first], ["get", "id"]],
    {},
    "\n",
    {},
    ["coalesce", ["get", second], ""],
    { "font-scale": 0.8 },
  ];
}

/** Motorways and trunk roads are major; primary roads are drawn thinner below them. */
const MAJOR_ROAD: ExpressionSpecification = [
  "any",
  ["in", ["coalesce", ["get", "class"], ["get", "kind"], ["get", "highway"], ["get", "type"], ""], ["literal", ["motorway", "trunk", "expressway", "highway", "major"]]],
  ["==", ["coalesce", ["get", "major"], false], true],
];

export function basemapStyle({ cityId, files, palette: p, locale, textScale = 1 }: BasemapInput): StyleSpecification {
  const src = (file: string) => ({ type: "geojson" as const, data: cityFileUrl(cityId, file) });
  const layers: LayerSpecification[] = [
    { id: "background", type: "background", paint: { "background-color": p.sea } },
    { id: "land", type: "fill", source: "land", paint: { "fill-color": p.land } },
    { id: "districts-fill", type: "fill", source: "districts", paint: { "fill-color": p.districtFill, "fill-opacity": 0.9 } },
    { id: "water", type: "fill", source: "water", paint: { "fill-color": p.water } },
    {
      id: "roads-minor",
      type: "line",
      source: "roads",
      filter: ["!", MAJOR_ROAD],
      layout: { "line-cap": "round", "line-join": "round" },
      paint: { "line-color": p.roadMinor, "line-width": ["interpolate", ["linear"], ["zoom"], 9, 0.5, 14, 2.5] },
    },
    {
      id: "roads-major",
      type: "line",
      source: "roads",
      filter: MAJOR_ROAD,
      layout: { "line-cap": "round", "line-join": "round" },
      paint: { "line-color": p.roadMajor, "line-width": ["interpolate", ["linear"], ["zoom"], 9, 0.8, 14, 4] },
    },
    {
      id: "metro",
      type: "line",
      source: "metro",
      layout: { "line-cap": "round", "line-join": "round" },
      paint: {
        // Lines carry their official colour; schematic, so drawn thin and slightly muted.
        "line-color": ["to-color", ["coalesce", ["get", "colour"], ["get", "color"], ["get", "colour_hex"], "#8896a5"]],
        "line-width": ["interpolate", ["linear"], ["zoom"], 9, 1.2, 14, 3.5],
        "line-opacity": 0.75,
      },
    },
    {
      id: "districts-line",
      type: "line",
      source: "districts",
      paint: { "line-color": p.districtLine, "line-width": 1, "line-dasharray": [3, 2] },
    },
    {
      id: "districts-label",
      type: "symbol",
      source: "districts",
      layout: {
        "text-field": districtLabel(locale),
        "text-font": LABEL_FONTS,
        "text-size": ["interpolate", ["linear"], ["zoom"], 9, 11 * textScale, 13, 15 * textScale],
        "text-max-width": 8,
        "text-padding": 4,
        "symbol-placement": "point",
      },
      paint: { "text-color": p.label, "text-halo-color": p.labelHalo, "text-halo-width": 1.5, "text-opacity": 0.85 },
    },
  ];
  return {
    version: 8,
    name: `TwinOps ${cityId}`,
    sources: {
      land: src(files.land),
      water: src(files.water),
      roads: src(files.roads),
      metro: src(files.metro),
      districts: src(files.districts),
    },
    layers,
  };
}
