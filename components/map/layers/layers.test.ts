import { expression, validateStyleMin, type Feature, type FeatureState, type StylePropertySpecification } from "@maplibre/maplibre-gl-style-spec";
import { describe, expect, it } from "vitest";
import { DOMAINS } from "@/lib/twin/types";
import { alertLayers, ALERTS_PULSE_LAYER, ALERTS_SOURCE, assetLayers, STATUS_STATE_KEY } from "./assets";
import { BASEMAP_LAYER_IDS, basemapStyle, cityFileUrl } from "./basemap";
import { choroplethScale, LEVEL_COLOURS } from "@/lib/views/department/map-scale";
import { choroplethLayers } from "./choropleth";
import { DARK_MAP, LIGHT_MAP } from "./palette";

const input = {
  cityId: "shenzhen",
  files: { land: "land.geojson", water: "water.geojson", roads: "roads.geojson", metro: "metro.geojson", districts: "districts.geojson" },
  palette: DARK_MAP,
  locale: "en" as const,
};

describe("basemapStyle", () => {
  it("is a valid MapLibre style", () => {
    const style = basemapStyle(input);
    expect(validateStyleMin(style)).toEqual([]);
  });
  it("loads nothing from another host: no glyphs, no sprite, only the app's own pack files", () => {
    const style = basemapStyle(input);
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    for (const src of Object.values(style.sources)) {
      const data = (src as { data?: unknown }).data;
      expect(typeof data === "string" && data.startsWith("/cities/shenzhen/")).toBe(true);
    }
  });
  it("draws sea, land, water, roads, metro and labelled districts in a fixed order", () => {
    expect(basemapStyle(input).layers.map((l) => l.id)).toEqual([...BASEMAP_LAYER_IDS]);
  });
  it("labels districts in the page language first, the other below", () => {
    const zh = basemapStyle({ ...input, locale: "zh" }).layers.find((l) => l.id === "districts-label");
    expect(JSON.stringify(zh)).toMatch(/"name_zh".*"name_en"/);
  });
  it("keeps pack paths inside the city folder", () => {
    expect(cityFileUrl("shenzhen", "../../etc/passwd")).toBe("/cities/shenzhen/passwd");
    expect(cityFileUrl("shenzhen", "cities/shenzhen/land.geojson")).toBe("/cities/shenzhen/land.geojson");
  });
});

describe("domain layers", () => {
  it("give every domain stable, distinct layer ids that validate with the basemap", () => {
    const all = DOMAINS.map((d) => assetLayers(d, LIGHT_MAP));
    const ids = all.flatMap((s) => s.layerIds);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain("assets-energy-point");
    const style = basemapStyle({ ...input, palette: LIGHT_MAP });
    style.sources = {
      ...style.sources,
      ...Object.fromEntries(all.map((s) => [s.sourceId, { type: "geojson", data: { type: "FeatureCollection", features: [] } }])),
      [ALERTS_SOURCE]: { type: "geojson", data: { type: "FeatureCollection", features: [] } },
    };
    style.layers = [...style.layers, ...all.flatMap((s) => s.layers), ...alertLayers(LIGHT_MAP)];
    expect(validateStyleMin(style)).toEqual([]);
  });
  it("colours critical points red-ringed and offline points grey", () => {
    const point = assetLayers("health", DARK_MAP).layers.find((l) => l.type === "circle");
    const paint = JSON.stringify(point && "paint" in point ? point.paint : {});
    expect(paint).toContain(DARK_MAP.status.critical);
    expect(paint).toContain(DARK_MAP.status.offline);
  });
  it("reads status from feature-state first, so a status change needs no setData", () => {
    const spec = assetLayers("energy", DARK_MAP);
    const json = JSON.stringify(spec.layers);
    expect(json).toContain(`["feature-state","${STATUS_STATE_KEY}"]`);
    // Every status read goes through feature-state; the property is only its fallback.
    expect(json.match(/\["get","status"\]/g)?.length).toBe(json.match(/\["feature-state","status"\]/g)?.length);
  });
  it("draws a feature-state status exactly as the same status in the properties would be drawn", () => {
    const point = assetLayers("energy", DARK_MAP).layers.find((l) => l.type === "circle");
    const line = assetLayers("energy", DARK_MAP).layers.find((l) => l.type === "line");
    if (point?.type !== "circle" || line?.type !== "line") throw new Error("missing layers");
    // What the style spec declares for these paint properties: data-driven, feature-state allowed.
    const expr = { interpolated: true, parameters: ["zoom", "feature", "feature-state"] } as const;
    const color: StylePropertySpecification = { type: "color", "property-type": "data-driven", expression: { ...expr, parameters: [...expr.parameters] }, transition: true, overridable: false };
    const number: StylePropertySpecification = { type: "number", "property-type": "data-driven", expression: { ...expr, parameters: [...expr.parameters] }, transition: true };
    const cases: [unknown, StylePropertySpecification][] = [
      [point.paint?.["circle-stroke-color"], color],
      [point.paint?.["circle-color"], color],
      [point.paint?.["circle-radius"], number],
      [point.paint?.["circle-stroke-width"], number],
      [line.paint?.["line-color"], color],
    ];
    const feature = (status: string): Feature => ({ type: 1, properties: { status } });
    for (const [value, propertySpec] of cases) {
      const parsed = expression.createPropertyExpression(value, "paint", propertySpec);
      if (parsed.result !== "success") throw new Error(JSON.stringify(parsed.value));
      const at = (status: string, state: FeatureState = {}): unknown =>
        JSON.stringify(parsed.value.evaluate({ zoom: 12 }, feature(status), state));
      for (const s of ["warning", "critical", "offline"]) {
        expect(at("normal", { status: s })).toBe(at(s));
        expect(at(s, { status: "normal" })).toBe(at("normal"));
      }
      // ...and the state does change what is drawn (circle-color only greys offline ones).
      expect(["warning", "critical", "offline"].some((s) => at("normal", { status: s }) !== at("normal"))).toBe(true);
    }
  });
});

describe("wall layers", () => {
  it("validate, read status through feature-state in paint only, and draw abnormal assets in colours no domain uses", () => {
    const all = DOMAINS.map((d) => assetLayers(d, DARK_MAP, 1.25, true));
    const style = basemapStyle(input);
    style.sources = {
      ...style.sources,
      ...Object.fromEntries(all.map((s) => [s.sourceId, { type: "geojson", data: { type: "FeatureCollection", features: [] } }])),
      [ALERTS_SOURCE]: { type: "geojson", data: { type: "FeatureCollection", features: [] } },
    };
    style.layers = [...style.layers, ...all.flatMap((s) => s.layers), ...alertLayers(DARK_MAP, 1.25, true)];
    expect(validateStyleMin(style)).toEqual([]);
    // feature-state is not allowed in layout properties (MapLibre would drop the layer).
    for (const l of all.flatMap((s) => s.layers)) expect(JSON.stringify("layout" in l ? l.layout : {})).not.toContain("feature-state");
    const domainColours = Object.values(DARK_MAP.domain);
    expect(domainColours).not.toContain(DARK_MAP.alarm.warning);
    expect(domainColours).not.toContain(DARK_MAP.alarm.critical);
    expect(JSON.stringify(all[0]!.layers)).toContain(DARK_MAP.alarm.warning);
    expect(alertLayers(DARK_MAP, 1, true).map((l) => l.id)).toEqual([ALERTS_PULSE_LAYER, "alerts-ring"]);
  });
});

describe("clusters of a dense layer", () => {
  it("grow with their count and keep the worst status's colour, on pages and on walls", () => {
    for (const [layers, critical] of [
      [assetLayers("energy", DARK_MAP).layers, DARK_MAP.status.critical],
      [assetLayers("energy", DARK_MAP, 1, true).layers, DARK_MAP.alarm.critical],
    ] as const) {
      const point = layers.find((l) => l.type === "circle");
      if (point?.type !== "circle") throw new Error("missing point layer");
      const spec = (type: "color" | "number"): StylePropertySpecification =>
        ({ type, "property-type": "data-driven", expression: { interpolated: true, parameters: ["zoom", "feature", "feature-state"] }, transition: true }) as StylePropertySpecification;
      const radius = expression.createPropertyExpression(point.paint?.["circle-radius"], "paint", spec("number"));
      const colour = expression.createPropertyExpression(point.paint?.["circle-color"], "paint", spec("color"));
      const stroke = expression.createPropertyExpression(point.paint?.["circle-stroke-color"], "paint", spec("color"));
      if (radius.result !== "success" || colour.result !== "success" || stroke.result !== "success") throw new Error("invalid expression");
      const f = (count: number, status = "normal"): Feature => ({ type: 1, properties: { count, status, kind: count > 1 ? "cluster" : "asset" } });
      const r = (count: number) => radius.value.evaluate({ zoom: 11 }, f(count)) as number;
      expect(r(2)).toBeGreaterThan(r(1));
      expect(r(500)).toBeGreaterThan(r(20));
      // A cluster with a critical asset inside reads as critical (body on walls, ring on pages).
      const drawn = JSON.stringify([colour.value.evaluate({ zoom: 11 }, f(40, "critical")), stroke.value.evaluate({ zoom: 11 }, f(40, "critical"))]);
      const hex = critical.replace("#", "");
      const [cr, cg, cb] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
      expect(drawn).toContain(`"r":${cr}`);
      expect(drawn).toContain(`"g":${cg}`);
      expect(drawn).toContain(`"b":${cb}`);
    }
    // The count label draws only clusters.
    const label = assetLayers("energy", DARK_MAP).layers.find((l) => l.type === "symbol");
    expect(label && "filter" in label ? JSON.stringify(label.filter) : "").toContain("count");
  });
});

describe("alert and choropleth colours agree with status", () => {
  const spec: StylePropertySpecification = {
    type: "color",
    "property-type": "data-driven",
    expression: { interpolated: true, parameters: ["zoom", "feature", "feature-state"] },
    transition: true,
  } as StylePropertySpecification;
  const colourOf = (value: unknown, properties: Record<string, unknown>, state: FeatureState = {}) => {
    const parsed = expression.createPropertyExpression(value, "paint", spec);
    if (parsed.result !== "success") throw new Error(JSON.stringify(parsed.value));
    return parsed.value.evaluate({ zoom: 11 }, { type: 1, properties }, state) as { toString(): string };
  };
  const same = (a: { toString(): string }, hex: string) => expect(String(a)).toBe(String(colourOf(hex, {})));

  it("draws a minor or major alert in the warning colour, never a domain's (a bed alert is not blue)", () => {
    for (const [layers, p, key] of [
      [alertLayers(DARK_MAP), DARK_MAP.status, "circle-stroke-color"],
      [alertLayers(LIGHT_MAP, 1, true), { critical: LIGHT_MAP.alarm.critical, warning: LIGHT_MAP.alarm.warning }, "circle-stroke-color"],
    ] as const) {
      const ring = layers.find((l) => l.id !== ALERTS_PULSE_LAYER);
      if (ring?.type !== "circle") throw new Error("missing ring");
      const paint = ring.paint as Record<string, unknown>;
      same(colourOf(paint[key], { severity: "minor" }), p.warning);
      same(colourOf(paint[key], { severity: "major" }), p.warning);
      same(colourOf(paint[key], { severity: "critical" }), p.critical);
    }
  });

  it("paints each district by its class on the measure's scale, grey without a value", () => {
    const scale = choroplethScale({ metric: "health.bedOccupancy", unit: "%", better: "lower", thresholds: { warning: 90, critical: 95 } });
    const fill = choroplethLayers(DARK_MAP, scale).find((l) => l.type === "fill");
    if (fill?.type !== "fill") throw new Error("missing fill");
    const colour = fill.paint?.["fill-color"];
    same(colourOf(colour, { value: 0 }), LEVEL_COLOURS.normal);
    same(colourOf(colour, { value: 0 }, { value: 2 }), LEVEL_COLOURS.critical);
    same(colourOf(colour, { value: 1 }), LEVEL_COLOURS.warning);
    same(colourOf(colour, { value: -1 }), DARK_MAP.status.offline);
    // Without a scale: the plain district fill, not an invented ramp.
    const plain = choroplethLayers(DARK_MAP, null).find((l) => l.type === "fill");
    if (plain?.type !== "fill") throw new Error("missing fill");
    same(colourOf(plain.paint?.["fill-color"], { value: 0 }), DARK_MAP.districtFill);
  });
});
