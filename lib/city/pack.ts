import "server-only";
/**
 * Loads and validates a city pack from `public/cities/<id>/`. Every problem is a CityPackError
 * naming the file and the JSON path, so a pack author can fix a broken pack without reading code.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { FeatureCollection, LineString, MultiPolygon, Polygon } from "geojson";
import { z } from "zod";
import { KPI_SPECS } from "@/domains";
import { DOMAINS, ASSET_TYPES } from "@/lib/twin/types";
import {
  CityPackError,
  ROAD_CLASSES,
  type CityPack,
  type CityPackManifest,
  type MetroLineProperties,
  type RoadProperties,
} from "./types";

const ID_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ALL_ASSET_TYPES = Object.values(ASSET_TYPES).flat();

const text = z.string().trim().min(1, "expected a non-empty string");
const localized = z.object({ en: text, zh: text });
const positive = z.number("expected a number").positive("expected a positive number");
const nonNegative = z.number("expected a number").nonnegative("expected a number ≥ 0");
const lon = z.number("expected a longitude").min(-180, "longitude outside [-180, 180]").max(180, "longitude outside [-180, 180]");
const lat = z.number("expected a latitude").min(-90, "latitude outside [-90, 90]").max(90, "latitude outside [-90, 90]");
const position = z.tuple([lon, lat], z.number());
const geojsonFile = z.string().regex(/^[a-z0-9-]+\.geojson$/, "expected a file name like land.geojson");

const bbox = z
  .tuple([lon, lat, lon, lat])
  .refine(([w, s, e, n]) => w < e && s < n, "expected [west, south, east, north] with west < east and south < north");

const unit = z.object({ symbol: z.string(), code: text });
const thresholdValue = z.number().nullable();

const KpiSchema = z.object({
  id: z.string().regex(/^[a-z]+\.[a-zA-Z0-9]+$/, "expected an id like energy.load"),
  domain: z.enum(DOMAINS),
  name: localized,
  definition: localized,
  formula: text,
  unit,
  cadenceSeconds: positive,
  better: z.enum(["higher", "lower"]),
  target: thresholdValue,
  thresholds: z.object({ warning: thresholdValue, critical: thresholdValue }),
  owner: localized,
  source: localized,
  public: z.boolean(),
});

/** Schema of `pack.json`. */
export const CityPackSchema = z
  .object({
    id: z.string().regex(ID_RE, "expected a kebab-case id"),
    name: localized,
    timezone: text.refine(isTimeZone, "expected an IANA time zone such as Asia/Shanghai"),
    center: position.transform(([x, y]): [number, number] => [x, y]),
    zoom: z.number().min(0).max(22),
    bounds: bbox,
    districts: z
      .array(
        z.object({
          id: z.string().regex(ID_RE, "expected a kebab-case id"),
          name: localized,
          areaKm2: positive,
          population: positive.int("expected a whole number"),
        }),
      )
      .min(1, "expected at least one district"),
    basemap: z.object({ land: geojsonFile, water: geojsonFile, roads: geojsonFile, metro: geojsonFile, districts: geojsonFile }),
    scale: z.object({
      peakLoadMW: positive,
      metroTripsPerDay: positive,
      hospitalBeds: positive,
      congestionIndex: z
        .object({ min: z.number().min(1, "free flow is 1; expected ≥ 1"), max: positive })
        .refine((c) => c.min < c.max, "expected min < max"),
      pm25Background: nonNegative,
      solarCapacityMW: nonNegative,
    }),
    domainScale: z.partialRecord(z.enum(DOMAINS), z.record(z.string(), nonNegative)).optional(),
    inventory: z.object({
      seed: nonNegative.int("expected a whole number"),
      counts: z.record(z.enum(ALL_ASSET_TYPES), nonNegative.int("expected a whole number")),
    }),
    kpis: z.array(KpiSchema),
    provenance: z
      .array(
        z.object({
          layers: z.array(text).min(1),
          source: text,
          licence: text,
          attribution: text,
          schematic: z.boolean(),
          notes: z.string().optional(),
        }),
      )
      .min(1, "expected provenance for the pack's layers"),
    inventoryImport: z
      .object({
        id: text,
        type: text,
        domain: text.optional(),
        name: z.object({ en: text, zh: text }),
        capacity: text.optional(),
        district: text.optional(),
        lon: text.optional(),
        lat: text.optional(),
        types: z.record(z.string(), z.enum(ALL_ASSET_TYPES)).optional(),
      })
      .optional(),
  })
  .superRefine((pack, ctx) => {
    const [w, s, e, n] = pack.bounds;
    const [x, y] = pack.center;
    if (x < w || x > e || y < s || y > n) ctx.addIssue({ code: "custom", path: ["center"], message: "center lies outside bounds" });
    duplicates(pack.districts.map((d) => d.id)).forEach((i) =>
      ctx.addIssue({ code: "custom", path: ["districts", i, "id"], message: `duplicate district id "${pack.districts[i]?.id}"` }),
    );
    duplicates(pack.kpis.map((k) => k.id)).forEach((i) =>
      ctx.addIssue({ code: "custom", path: ["kpis", i, "id"], message: `duplicate KPI id "${pack.kpis[i]?.id}"` }),
    );
    pack.kpis.forEach((k, i) => {
      if (!k.id.startsWith(`${k.domain}.`)) {
        ctx.addIssue({ code: "custom", path: ["kpis", i, "domain"], message: `KPI id "${k.id}" does not start with its domain` });
      }
      // The registry computes every KPI: one it does not know would never show a value.
      if (!KPI_SPECS.has(k.id)) ctx.addIssue({ code: "custom", path: ["kpis", i, "id"], message: `KPI "${k.id}" is not in the domain registry` });
    });
    const covered = new Set(pack.provenance.flatMap((p) => p.layers));
    Object.values(pack.basemap).forEach((file) => {
      if (!covered.has(file)) ctx.addIssue({ code: "custom", path: ["provenance"], message: `no provenance entry covers ${file}` });
    });
  }) satisfies z.ZodType<CityPackManifest>;

const ring = z
  .array(position)
  .min(4, "a polygon ring needs at least 4 positions")
  .refine((r) => {
    const a = r[0];
    const b = r[r.length - 1];
    return !!a && !!b && a[0] === b[0] && a[1] === b[1];
  }, "polygon ring is not closed (first and last positions differ)");
const lineCoords = z.array(position).min(2, "a line needs at least 2 positions");
const polygonGeom = z.object({ type: z.literal("Polygon"), coordinates: z.array(ring).min(1) });
const multiPolygonGeom = z.object({ type: z.literal("MultiPolygon"), coordinates: z.array(z.array(ring).min(1)).min(1) });
const lineGeom = z.object({ type: z.literal("LineString"), coordinates: lineCoords });
const multiLineGeom = z.object({ type: z.literal("MultiLineString"), coordinates: z.array(lineCoords) });
const pointGeom = z.object({ type: z.literal("Point"), coordinates: position });
const anyGeom = z.discriminatedUnion("type", [polygonGeom, multiPolygonGeom, lineGeom, multiLineGeom, pointGeom]);

const collection = <G extends z.ZodType, P extends z.ZodType>(geometry: G, properties: P) =>
  z.object({
    type: z.literal("FeatureCollection"),
    features: z.array(z.object({ type: z.literal("Feature"), geometry, properties })),
  });

const DistrictsFileSchema = collection(
  z.discriminatedUnion("type", [polygonGeom, multiPolygonGeom]),
  z.object({ id: text, name_en: text, name_zh: text }),
);
const RoadsFileSchema = collection(lineGeom, z.object({ name_en: text, name_zh: text, class: z.enum(ROAD_CLASSES) }));
const MetroFileSchema = collection(
  lineGeom,
  z.object({ line: text, name_en: text, name_zh: text, colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, "expected a colour like #00B140") }),
);
const AnyFileSchema = collection(anyGeom, z.record(z.string(), z.unknown()).nullable());

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Indexes of entries whose value appeared earlier in the list. */
function duplicates(values: string[]): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  values.forEach((v, i) => {
    if (seen.has(v)) out.push(i);
    seen.add(v);
  });
  return out;
}

/** `["districts", 3, "population"]` → `districts[3].population`. */
export function formatJsonPath(segments: readonly PropertyKey[]): string {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else out += out ? `.${String(s)}` : String(s);
  }
  return out || "(root)";
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, file: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new CityPackError(file, "invalid");
  throw new CityPackError(`${file}: ${formatJsonPath(issue.path)}`, issue.message);
}

function readJson(dir: string, file: string): unknown {
  const full = path.join(dir, file);
  if (!existsSync(full)) throw new CityPackError(file, `file is missing (${full})`);
  try {
    return JSON.parse(readFileSync(full, "utf8"));
  } catch (err) {
    throw new CityPackError(file, `not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

const cache = new Map<string, CityPack>();

/** The default location of city packs: served statically by Next from `public/`. */
export const DEFAULT_CITY_ROOT = path.join(process.cwd(), "public/cities");

/**
 * Reads and validates the pack `id` under `rootDir`; cached per folder. Throws CityPackError for
 * an unknown id or any invalid file, naming the file and JSON path.
 */
export function loadCityPack(id: string, rootDir: string = DEFAULT_CITY_ROOT): CityPack {
  const key = `${path.resolve(rootDir)}\u0000${id}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const pack = readPack(id, rootDir);
  cache.set(key, pack);
  return pack;
}

function readPack(id: string, rootDir: string): CityPack {
  if (!ID_RE.test(id)) throw new CityPackError(id, "unknown city pack: ids are kebab-case folder names");
  const dir = path.join(rootDir, id);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new CityPackError(`${id}/`, `unknown city pack: no folder ${dir}`);
  }
  const manifest = parseWith(CityPackSchema, readJson(dir, "pack.json"), "pack.json");
  if (manifest.id !== id) throw new CityPackError("pack.json: id", `"${manifest.id}" does not match its folder "${id}"`);

  const { basemap } = manifest;
  const districts = parseWith(DistrictsFileSchema, readJson(dir, basemap.districts), basemap.districts);
  checkDistrictIds(manifest, districts.features, basemap.districts);
  const roads = parseWith(RoadsFileSchema, readJson(dir, basemap.roads), basemap.roads);
  const metro = parseWith(MetroFileSchema, readJson(dir, basemap.metro), basemap.metro);
  // Land and water are only drawn, but a bad coordinate there still breaks the map: check them too.
  parseWith(AnyFileSchema, readJson(dir, basemap.land), basemap.land);
  parseWith(AnyFileSchema, readJson(dir, basemap.water), basemap.water);

  return {
    ...manifest,
    // Validated above: the zod shapes are the GeoJSON shapes with stricter positions.
    districtGeometry: districts as FeatureCollection<Polygon | MultiPolygon, { id: string; name_en: string; name_zh: string }>,
    roads: roads as FeatureCollection<LineString, RoadProperties>,
    metro: metro as FeatureCollection<LineString, MetroLineProperties>,
  };
}

function checkDistrictIds(manifest: CityPackManifest, features: { properties: { id: string } }[], file: string): void {
  const known = new Set(manifest.districts.map((d) => d.id));
  const seen = new Set<string>();
  features.forEach((f, i) => {
    const fid = f.properties.id;
    if (!known.has(fid)) throw new CityPackError(`${file}: features[${i}].properties.id`, `"${fid}" is not a district in pack.json`);
    if (seen.has(fid)) throw new CityPackError(`${file}: features[${i}].properties.id`, `duplicate district "${fid}"`);
    seen.add(fid);
  });
  manifest.districts.forEach((d, i) => {
    if (!seen.has(d.id)) throw new CityPackError(`pack.json: districts[${i}].id`, `district "${d.id}" has no polygon in ${file}`);
  });
}
