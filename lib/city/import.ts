/**
 * A city's real inventory in: assets from a GeoJSON FeatureCollection or a CSV file, mapped by
 * the pack's `inventoryImport` (which property gives id, type, domain, names, capacity,
 * district). Every row is checked; a missing district is found by point-in-polygon in the pack's
 * district polygons. All or nothing: the inventory is returned only when no row is refused, so a
 * caller never stores half a file; the report lists what was accepted and what was refused, why.
 * Pure: reads nothing but its arguments.
 */
import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import { parse as parseCsv } from "csv-parse/sync";
import type { Point } from "geojson";
import { ASSET_TYPES, type Asset, type AssetType, type PropertyValue } from "@/lib/twin/types";
import { ASSET_TYPE_DOMAIN, ASSET_TYPE_SPECS } from "./datastreams";
import { datastreamsOf } from "./inventory";
import type { CityPack, Inventory, InventoryMapping } from "./types";

/** The asset property a mapped capacity becomes, per type (the registry's `capacity`). */
export const CAPACITY_PROPERTY = Object.fromEntries(Object.values(ASSET_TYPE_SPECS).map((t) => [t.type, t.capacity])) as Record<AssetType, string>;

const TYPES = new Set<string>(Object.values(ASSET_TYPES).flat());
/** A local id: letters, digits and - _ . (it becomes part of a URN). */
const LOCAL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export interface ImportReport {
  format: "geojson" | "csv";
  rows: number;
  accepted: { row: number; id: string; type: AssetType; district: string; districtFrom: "file" | "polygon" }[];
  refused: { row: number; reason: string }[];
  /** The inventory to store; null when any row was refused (nothing is half-imported). */
  inventory: Inventory | null;
}

/** Thrown for a file that is not a GeoJSON FeatureCollection or CSV at all (no rows to report). */
export class InventoryFileError extends Error {}

type Row = { properties: Record<string, unknown>; point: [number, number] | null; geometryError: string | null };

function geojsonRows(text: string): Row[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new InventoryFileError(`not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const fc = doc as { type?: unknown; features?: unknown };
  if (!doc || typeof doc !== "object" || fc.type !== "FeatureCollection" || !Array.isArray(fc.features))
    throw new InventoryFileError("expected a GeoJSON FeatureCollection");
  return fc.features.map((f: unknown): Row => {
    const feat = (f ?? {}) as { properties?: unknown; geometry?: { type?: unknown; coordinates?: unknown } | null };
    const properties = feat.properties && typeof feat.properties === "object" ? (feat.properties as Record<string, unknown>) : {};
    const g = feat.geometry;
    if (!g || g.type !== "Point") return { properties, point: null, geometryError: "geometry must be a Point" };
    const c = g.coordinates;
    const ok = Array.isArray(c) && c.length >= 2 && c.slice(0, 2).every((x) => typeof x === "number" && Number.isFinite(x));
    return ok ? { properties, point: [c[0] as number, c[1] as number], geometryError: null } : { properties, point: null, geometryError: "coordinates must be two numbers" };
  });
}

function csvRows(text: string, m: InventoryMapping): Row[] {
  let records: Record<string, string>[];
  try {
    records = parseCsv(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
  } catch (e) {
    throw new InventoryFileError(`not CSV: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!m.lon || !m.lat) throw new InventoryFileError("the pack's inventoryImport names no lon/lat columns for CSV");
  return records.map((r): Row => {
    const lon = Number(r[m.lon!]);
    const lat = Number(r[m.lat!]);
    const blank = (r[m.lon!] ?? "") === "" || (r[m.lat!] ?? "") === "";
    if (blank || !Number.isFinite(lon) || !Number.isFinite(lat)) return { properties: r, point: null, geometryError: `${m.lon}/${m.lat} must be numbers` };
    return { properties: r, point: [lon, lat], geometryError: null };
  });
}

const str = (v: unknown) => (typeof v === "string" ? v.trim() : typeof v === "number" ? String(v) : "");

/** Checks and maps every row of an inventory file; see the module comment. */
export function importInventory(text: string, format: "geojson" | "csv", pack: CityPack): ImportReport {
  const m = pack.inventoryImport;
  if (!m) throw new InventoryFileError(`the ${pack.id} pack has no inventoryImport mapping`);
  const rows = format === "geojson" ? geojsonRows(text) : csvRows(text, m);
  const districtIds = new Set(pack.districts.map((d) => d.id));
  const polygons = pack.districtGeometry.features;
  const [w, s, e, n] = pack.bounds;
  const report: ImportReport = { format, rows: rows.length, accepted: [], refused: [], inventory: null };
  const assets: Asset[] = [];
  const seen = new Set<string>();
  rows.forEach((r, k) => {
    const row = k + 1;
    const refuse = (reason: string) => void report.refused.push({ row, reason });
    const p = r.properties;
    const local = str(p[m.id]);
    if (!local) return refuse(`no ${m.id}`);
    if (!LOCAL_ID.test(local)) return refuse(`${m.id} "${local}" may hold only letters, digits and - _ .`);
    const rawType = str(p[m.type]);
    const type = m.types?.[rawType] ?? rawType;
    if (!TYPES.has(type)) return refuse(`unknown type "${rawType}"`);
    const assetType = type as AssetType;
    const domain = ASSET_TYPE_DOMAIN[assetType];
    if (m.domain && str(p[m.domain]) && str(p[m.domain]) !== domain) return refuse(`${m.domain} "${str(p[m.domain])}" does not match type ${type} (${domain})`);
    const en = str(p[m.name.en]);
    const zh = str(p[m.name.zh]);
    if (!en || !zh) return refuse(`a name in both languages is needed (${m.name.en}, ${m.name.zh})`);
    if (r.geometryError || !r.point) return refuse(r.geometryError ?? "no location");
    const [x, y] = r.point;
    if (x < -180 || x > 180 || y < -90 || y > 90) return refuse(`(${x}, ${y}) is not a WGS 84 longitude/latitude`);
    if (x < w || x > e || y < s || y > n) return refuse(`(${x}, ${y}) lies outside the city's bounds`);
    let district = m.district ? str(p[m.district]) : "";
    let districtFrom: "file" | "polygon" = "file";
    if (district && !districtIds.has(district)) return refuse(`unknown district "${district}"`);
    if (!district) {
      const hit = polygons.find((f) => booleanPointInPolygon([x, y], f));
      if (!hit) return refuse(`(${x}, ${y}) lies in none of the city's districts`);
      district = hit.properties.id;
      districtFrom = "polygon";
    }
    const properties: Record<string, PropertyValue> = {};
    if (m.capacity && str(p[m.capacity]) !== "") {
      const c = Number(str(p[m.capacity]));
      if (!Number.isFinite(c) || c < 0) return refuse(`${m.capacity} "${str(p[m.capacity])}" is not a non-negative number`);
      properties[CAPACITY_PROPERTY[assetType]] = c;
    }
    Object.assign(properties, ASSET_TYPE_SPECS[assetType].defaults);
    const id = `urn:ngsi-ld:${type}:${pack.id}:${local}`;
    if (seen.has(id)) return refuse(`duplicate ${m.id} "${local}"`);
    seen.add(id);
    const geometry: Point = { type: "Point", coordinates: [x, y] };
    assets.push({ id, type: assetType, domain, name: { en, zh }, geometry, district, status: "normal", properties });
    report.accepted.push({ row, id, type: assetType, district, districtFrom });
  });
  if (report.refused.length > 0) return report;
  report.inventory = { assets, datastreams: datastreamsOf(assets) };
  return report;
}
