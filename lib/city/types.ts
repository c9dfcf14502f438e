/**
 * City pack contract: a city is data (files under `public/cities/<id>/`), not code.
 * Type-only; the loader and validator live in `lib/city/pack.ts` (server-only).
 */
import type { FeatureCollection, LineString, MultiPolygon, Polygon } from "geojson";
import type { BBox } from "@/lib/twin/source";
import type { Asset, Datastream, DistrictInfo, Domain, KpiDefinition, LocalizedText } from "@/lib/twin/types";

export interface Provenance {
  /** Which files/layers this covers. */
  layers: string[];
  source: string;
  licence: string;
  attribution: string;
  /** True when we drew it ourselves and it is only approximately right. */
  schematic: boolean;
  notes?: string;
}

/**
 * Which property (GeoJSON `properties`) or column (CSV) gives each field of an imported asset.
 * A missing district is found by point-in-polygon in the pack's district polygons.
 */
export interface InventoryMapping {
  id: string;
  type: string;
  /** Optional: when given, it must agree with the type's domain. */
  domain?: string | undefined;
  name: { en: string; zh: string };
  /** The asset's capacity (beds, MW, spaces, connectors, vehicles: see CAPACITY_PROPERTY). */
  capacity?: string | undefined;
  district?: string | undefined;
  /** CSV only: the columns of WGS 84 longitude and latitude. */
  lon?: string | undefined;
  lat?: string | undefined;
  /** The source's type names, when they differ from ours (e.g. "hospital" -> "Building"). */
  types?: Record<string, string> | undefined;
}

/** Magnitudes the simulator scales to, so each city's numbers look like that city. */
export interface CityScale {
  /** City-wide summer peak electric load, MW (Shenzhen ~23,000). */
  peakLoadMW: number;
  /** Metro trips on a working day (Shenzhen ~8.5 M). */
  metroTripsPerDay: number;
  /** Hospital beds in the city (Shenzhen ~70,000). */
  hospitalBeds: number;
  /** Congestion index range (free flow = 1). */
  congestionIndex: { min: number; max: number };
  /** Typical PM2.5 background, µg/m³. */
  pm25Background: number;
  /** Installed solar, MW. */
  solarCapacityMW: number;
}

/** Deterministic inventory spec: how many of each asset type, spread over districts by weight. */
export interface InventorySpec {
  seed: number;
  /** Count per asset type for the whole city. */
  counts: Record<string, number>;
}

export interface CityPack {
  id: string;
  name: LocalizedText;
  /** IANA time zone, e.g. Asia/Shanghai. */
  timezone: string;
  /** Map start view. */
  center: [number, number];
  zoom: number;
  bounds: BBox;
  districts: DistrictInfo[];
  /** Polygons with `properties.id` matching `districts[].id`. */
  districtGeometry: FeatureCollection<Polygon | MultiPolygon, { id: string; name_en: string; name_zh: string }>;
  /** Basemap layer files served by the app itself: `/cities/<id>/<file>`. */
  basemap: { land: string; water: string; roads: string; metro: string; districts: string };
  scale: CityScale;
  /**
   * Magnitudes a domain's simulator scales to beyond `scale`, per domain id (e.g.
   * `logistics: { teuPerDay: 82000 }`): a new domain brings its figures without changing CityScale.
   */
  domainScale?: Partial<Record<Domain, Record<string, number>>>;
  inventory: InventorySpec;
  kpis: KpiDefinition[];
  provenance: Provenance[];
  /** How an inventory file of this city (GeoJSON or CSV) maps onto assets (`lib/city/import.ts`). */
  inventoryImport?: InventoryMapping;
  /** Main roads (from `basemap.roads`): traffic detectors are placed on them. */
  roads: FeatureCollection<LineString, RoadProperties>;
  /** Metro lines (from `basemap.metro`): stations are placed on them. */
  metro: FeatureCollection<LineString, MetroLineProperties>;
}

/** What `pack.json` holds: the pack without the geometry read from the basemap files. */
export type CityPackManifest = Omit<CityPack, "districtGeometry" | "roads" | "metro">;

export const ROAD_CLASSES = ["motorway", "trunk", "primary"] as const;
export type RoadClass = (typeof ROAD_CLASSES)[number];

export interface RoadProperties {
  name_en: string;
  name_zh: string;
  class: RoadClass;
}

export interface MetroLineProperties {
  /** Line number or short code as riders say it, e.g. "1", "11". */
  line: string;
  name_en: string;
  name_zh: string;
  /** Official line colour, `#rrggbb`. */
  colour: string;
}

export interface Inventory {
  assets: Asset[];
  datastreams: Datastream[];
}

/** Raised when a pack fails validation; `path` says where (file and JSON path). */
export class CityPackError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`city pack invalid at ${path}: ${problem}`);
    this.name = "CityPackError";
  }
}
