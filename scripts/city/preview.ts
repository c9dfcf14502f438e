/** Renders a pack's layers to a plain SVG so a human can check the schematic shapes at a glance. */
import type { FeatureCollection, Geometry, Position } from "geojson";

const PALETTE = ["#e6194b", "#3cb44b", "#ffe119", "#4363d8", "#f58231", "#911eb4", "#46f0f0", "#f032e6", "#bcf60c", "#fabebe"];

export function previewSvg(
  [w, s, e, n]: [number, number, number, number],
  layers: Record<"land" | "districts" | "water" | "roads" | "metro", FeatureCollection>,
): string {
  const width = 1400;
  const k = Math.cos((((s + n) / 2) * Math.PI) / 180);
  const height = Math.round((width * (n - s)) / ((e - w) * k));
  const px = ([x, y]: Position) => `${(((x ?? 0) - w) / (e - w)) * width},${((n - (y ?? 0)) / (n - s)) * height}`;
  const d = (g: Geometry): string => {
    if (g.type === "Polygon") return g.coordinates.map((r) => "M" + r.map(px).join("L") + "Z").join("");
    if (g.type === "MultiPolygon") return g.coordinates.flatMap((p) => p.map((r) => "M" + r.map(px).join("L") + "Z")).join("");
    if (g.type === "LineString") return "M" + g.coordinates.map(px).join("L");
    return "";
  };
  const parts: string[] = [`<rect width="${width}" height="${height}" fill="#cfe3f5"/>`];
  for (const f of layers.land.features) parts.push(`<path d="${d(f.geometry)}" fill="#eee" stroke="#999"/>`);
  layers.districts.features.forEach((f, i) => {
    parts.push(`<path d="${d(f.geometry)}" fill="${PALETTE[i % PALETTE.length]}" fill-opacity="0.45" stroke="#333"/>`);
  });
  for (const f of layers.water.features) {
    if (f.properties?.kind === "sea") continue;
    const isLine = f.geometry.type === "LineString";
    parts.push(`<path d="${d(f.geometry)}" fill="${isLine ? "none" : "#6aa9e0"}" stroke="#3a7cc0" stroke-width="${isLine ? 3 : 1}"/>`);
  }
  for (const f of layers.roads.features) parts.push(`<path d="${d(f.geometry)}" fill="none" stroke="#a52" stroke-width="3"/>`);
  for (const f of layers.metro.features) {
    parts.push(`<path d="${d(f.geometry)}" fill="none" stroke="${String(f.properties?.colour)}" stroke-width="2.5"/>`);
  }
  for (const f of layers.districts.features) {
    const g = f.geometry;
    const ring = g.type === "Polygon" ? g.coordinates[0] : g.type === "MultiPolygon" ? g.coordinates[0]?.[0] : undefined;
    if (!ring) continue;
    const cx = ring.reduce((a, p) => a + (p[0] ?? 0), 0) / ring.length;
    const cy = ring.reduce((a, p) => a + (p[1] ?? 0), 0) / ring.length;
    const [x, y] = px([cx, cy]).split(",");
    parts.push(`<text x="${x}" y="${y}" font-size="22" font-family="sans-serif">${String(f.properties?.name_en)}</text>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${parts.join("")}</svg>`;
}
