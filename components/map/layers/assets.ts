/**
 * Asset layers of one domain as data: a GeoJSON source (filled from `/assets?domain=`) and
 * fill / line / circle layers for its polygons, lines and points. Colour is the domain's; an
 * asset in warning or critical state takes the status colour (body and ring), offline is grey.
 *
 * Status is read through `feature-state` (see ../feature-state.ts): a status change restyles
 * features in place instead of re-sending and re-tiling the whole source. The property is the
 * fallback, so the collection as sent draws right before any state is set.
 */
import type { ExpressionSpecification, LayerSpecification } from "@maplibre/maplibre-gl-style-spec";
import type { Domain } from "@/lib/twin/types";
import { LABEL_FONTS, type MapPalette } from "./palette";

export interface DomainLayerSpec {
  /** The layer toggle id, e.g. `energy`. */
  id: Domain;
  sourceId: string;
  layerIds: string[];
  layers: LayerSpecification[];
}

export function assetSourceId(domain: Domain): string {
  return `assets-${domain}`;
}

/** The feature-state key the map owner sets; also the property it falls back to. */
export const STATUS_STATE_KEY = "status";

/** A feature's status: its feature-state when set, else the property of the data as sent. */
export const STATUS: ExpressionSpecification = ["coalesce", ["feature-state", STATUS_STATE_KEY], ["get", STATUS_STATE_KEY]];

/**
 * A cluster of a dense layer (GET /assets/clusters at city scale): a point whose `count` is above
 * one. Its radius grows with the count; its status is the worst inside, so alarms still show.
 */
const IS_CLUSTER: ExpressionSpecification = [">", ["coalesce", ["get", "count"], 1], 1];
const clusterRadius = (r: (v: number) => number): ExpressionSpecification => [
  "interpolate",
  ["linear"],
  ["get", "count"],
  2,
  r(5),
  50,
  r(9),
  1000,
  r(16),
];

const STATUS_RING = (p: MapPalette): ExpressionSpecification =>
  ["match", STATUS, "warning", p.status.warning, "critical", p.status.critical, p.pointOutline];

/**
 * The body: the status colour when the asset needs attention (a hospital at 97 % beds is a red dot,
 * not a teal one with a thin red ring, which read as "normal"), grey offline, else its domain's.
 */
const BODY = (p: MapPalette, domain: Domain): ExpressionSpecification =>
  ["match", STATUS, "warning", p.status.warning, "critical", p.status.critical, "offline", p.status.offline, p.domain[domain]];

/**
 * Layers of one domain; `pointScale` makes dense point sets (traffic sensors) smaller.
 * `recede` (walls): normal assets become small, faint dots of their domain's colour and only
 * assets in warning or critical state stand out, large, in the alarm colours with an outline.
 */
export function assetLayers(domain: Domain, p: MapPalette, pointScale = 1, recede = false): DomainLayerSpec {
  const r = (v: number) => v * pointScale;
  if (recede) {
    const colour: ExpressionSpecification = ["match", STATUS, "warning", p.alarm.warning, "critical", p.alarm.critical, "offline", p.status.offline, p.domain[domain]];
    const abnormal: ExpressionSpecification = ["match", STATUS, ["warning", "critical"], true, false];
    return layerSet(domain, {
      fill: { "fill-color": colour, "fill-opacity": ["case", abnormal, 0.6, 0.15] },
      line: { "line-color": colour, "line-width": ["case", abnormal, r(3), r(1)], "line-opacity": ["case", abnormal, 1, 0.35] },
      point: {
        "circle-color": colour,
        "circle-radius": ["case", IS_CLUSTER, clusterRadius(r), ["match", STATUS, "critical", r(6), "warning", r(5), r(1.8)]],
        "circle-stroke-color": p.alarm.outline,
        "circle-stroke-width": ["match", STATUS, "critical", r(1.5), "warning", r(1.2), 0],
        "circle-opacity": ["case", abnormal, 1, IS_CLUSTER, 0.35, 0.5],
      },
    });
  }
  return layerSet(domain, {
    fill: { "fill-color": BODY(p, domain), "fill-opacity": 0.35, "fill-outline-color": STATUS_RING(p) },
    line: {
      "line-color": ["match", STATUS, "warning", p.status.warning, "critical", p.status.critical, "offline", p.status.offline, p.domain[domain]],
      "line-width": ["interpolate", ["linear"], ["zoom"], 9, 1, 14, 3],
      "line-opacity": 0.85,
    },
    point: {
      "circle-color": BODY(p, domain),
      // Zoom may only lead the expression: the cluster case sits inside each stop.
      "circle-radius": [
        "interpolate",
        ["linear"],
        ["zoom"],
        9,
        ["case", IS_CLUSTER, clusterRadius(r), ["match", STATUS, "critical", r(4.5), "warning", r(3.5), r(2.2)]],
        14,
        ["case", IS_CLUSTER, clusterRadius(r), ["match", STATUS, "critical", r(9), "warning", r(7.5), r(5.5)]],
      ],
      "circle-stroke-color": STATUS_RING(p),
      "circle-stroke-width": ["match", STATUS, "warning", 2, "critical", 2.5, 0.6],
      "circle-opacity": 0.9,
    },
  });
}

type PaintOf<T extends LayerSpecification["type"]> = NonNullable<Extract<LayerSpecification, { type: T }>["paint"]>;

/** A domain's fill / line / circle layers for its polygons, lines and points, with stable ids. */
function layerSet(domain: Domain, paint: { fill: PaintOf<"fill">; line: PaintOf<"line">; point: PaintOf<"circle"> }): DomainLayerSpec {
  const source = assetSourceId(domain);
  const [fillId, lineId, pointId, countId] = [`${source}-fill`, `${source}-line`, `${source}-point`, `${source}-count`];
  const layers: LayerSpecification[] = [
    { id: fillId, type: "fill", source, filter: ["==", ["geometry-type"], "Polygon"], paint: paint.fill },
    {
      id: lineId,
      type: "line",
      source,
      filter: ["==", ["geometry-type"], "LineString"],
      layout: { "line-cap": "round", "line-join": "round" },
      paint: paint.line,
    },
    { id: pointId, type: "circle", source, filter: ["==", ["geometry-type"], "Point"], paint: paint.point },
    // Only clusters have a count above one: nothing to draw at the pack's own scale.
    {
      id: countId,
      type: "symbol",
      source,
      filter: IS_CLUSTER,
      layout: { "text-field": ["to-string", ["get", "count"]], "text-font": LABEL_FONTS, "text-size": 10, "text-allow-overlap": true },
      paint: { "text-color": "#ffffff", "text-halo-color": "rgba(0,0,0,0.6)", "text-halo-width": 1 },
    },
  ];
  return { id: domain, sourceId: source, layerIds: [fillId, lineId, pointId, countId], layers };
}

export const ALERTS_SOURCE = "alerts";
export const ALERTS_PULSE_LAYER = "alerts-pulse";
export const ALERTS_LAYER = "alerts-ring";

/**
 * An alert's colour as the alert list and the asset's status have it (SEVERITY_STATUS in
 * lib/views/department/map-state.ts): critical is critical, major and minor are warnings, info
 * is quiet. Never a domain's colour: a minor alert drawn in transport blue read as "normal".
 */
const severityColour = (critical: string, warning: string, quiet: string): ExpressionSpecification => [
  "match",
  ["get", "severity"],
  "critical",
  critical,
  ["major", "minor"],
  warning,
  quiet,
];

/**
 * Open alerts as rings in their severity colour, drawn above the assets. `wall`: in the alarm
 * colours, thicker, with a halo ring under them that the map pulses (`ALERTS_PULSE_LAYER`).
 */
export function alertLayers(p: MapPalette, scale = 1, wall = false): LayerSpecification[] {
  if (wall) {
    const colour = severityColour(p.alarm.critical, p.alarm.warning, p.status.offline);
    return [
      {
        id: ALERTS_PULSE_LAYER,
        type: "circle",
        source: ALERTS_SOURCE,
        paint: {
          "circle-color": colour,
          "circle-opacity": 0.18,
          "circle-radius": 16 * scale,
          "circle-stroke-color": colour,
          "circle-stroke-width": 2 * scale,
          "circle-stroke-opacity": 0.6,
        },
      },
      {
        id: ALERTS_LAYER,
        type: "circle",
        source: ALERTS_SOURCE,
        paint: {
          "circle-color": "rgba(0,0,0,0)",
          "circle-radius": 9 * scale,
          "circle-stroke-width": ["match", ["get", "severity"], "critical", 3.5 * scale, 2.5 * scale],
          "circle-stroke-color": colour,
        },
      },
    ];
  }
  return [
    {
      id: ALERTS_LAYER,
      type: "circle",
      source: ALERTS_SOURCE,
      paint: {
        "circle-color": "rgba(0,0,0,0)",
        "circle-radius": ["interpolate", ["linear"], ["zoom"], 9, 7 * scale, 14, 15 * scale],
        "circle-stroke-width": ["match", ["get", "severity"], "critical", 2.5, 1.8],
        "circle-stroke-color": severityColour(p.status.critical, p.status.warning, p.status.offline),
        "circle-stroke-opacity": 0.9,
      },
    },
  ];
}
