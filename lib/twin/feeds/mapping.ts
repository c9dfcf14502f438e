import "server-only";
/**
 * How a city's SensorThings and NGSI-LD servers map onto TwinOps: `public/cities/<id>/sources.json`
 * in the city pack (docs/feeds-sources.md). Which Thing property (or name, or entity id) gives the
 * TwinOps asset, and which ObservedProperty, Datastream or NGSI-LD attribute gives which TwinOps
 * datastream property. Nothing here invents an asset: a Thing or entity whose asset the twin does
 * not hold is counted as unmapped.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ASSET_TYPE_DOMAIN } from "@/lib/city/datastreams";
import { DEFAULT_CITY_ROOT, formatJsonPath } from "@/lib/city/pack";
import { CityPackError } from "@/lib/city/types";
import type { AssetType as TwinAssetType } from "../types";

const AssetType = z.enum(Object.keys(ASSET_TYPE_DOMAIN) as [TwinAssetType, ...TwinAssetType[]]);
const Property = z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/, "must be a datastream property such as bedsOccupied");
/** `{value}` (and `{type}`: the TwinOps asset type of the stream) fill an asset id template. */
const Template = z.string().min(1).max(300).includes("{value}", { message: "must contain {value}" }).default("{value}");
/** Values are multiplied by this before ingest (e.g. 0.001 for kW into a MW stream). */
const Scale = z.number().positive().finite().default(1);

const StaStream = z
  .object({
    /** Match on the ObservedProperty's name or definition (URI) ... */
    observedProperty: z.string().min(1).max(500).optional(),
    /** ... or on the Datastream's name. */
    datastream: z.string().min(1).max(500).optional(),
    type: AssetType,
    property: Property,
    scale: Scale,
  })
  .strict()
  .refine((s) => (s.observedProperty === undefined) !== (s.datastream === undefined), "give exactly one of observedProperty or datastream");

const StaMapping = z
  .object({
    /** Where a Thing names its TwinOps asset: a key of its `properties`, or its `name`. */
    assetId: z.discriminatedUnion("from", [
      z.object({ from: z.literal("property"), key: z.string().min(1).max(100), template: Template }).strict(),
      z.object({ from: z.literal("name"), template: Template }).strict(),
    ]),
    streams: z.array(StaStream).min(1).max(500),
    /** Things per page asked of the server ($top). */
    pageSize: z.number().int().min(1).max(10_000).default(100),
  })
  .strict();

/** Where an entity names its TwinOps asset: its id, a Property's value or a Relationship's object. */
const NgsiAssetId = z.discriminatedUnion("from", [
  z.object({ from: z.literal("id"), template: Template }).strict(),
  z.object({ from: z.literal("property"), key: z.string().min(1).max(200), template: Template }).strict(),
  z.object({ from: z.literal("relationship"), key: z.string().min(1).max(200), template: Template }).strict(),
]);

const NgsiEntityMapping = z
  .object({
    /** NGSI-LD entity type (Smart Data Models name, expanded with the mapping's @context). */
    type: z.string().min(1).max(200),
    /** The TwinOps asset type its streams belong to. */
    assetType: AssetType,
    /** This type's own asset rule (default: the mapping's), e.g. a measurement's `refDevice`. */
    assetId: NgsiAssetId.optional(),
    /** NGSI-LD attribute → TwinOps datastream property (and scale). */
    attributes: z.record(z.string().min(1).max(200), z.union([Property, z.object({ property: Property, scale: Scale }).strict()])),
  })
  .strict();

const NgsiMapping = z
  .object({
    /** JSON-LD @context sent in the Link header (default: the NGSI-LD core context alone). */
    context: z.url().optional(),
    assetId: NgsiAssetId,
    entities: z.array(NgsiEntityMapping).min(1).max(50),
    /** Entities per page (`limit`; NGSI-LD brokers cap it, Orion-LD at 1000). */
    pageSize: z.number().int().min(1).max(1000).default(100),
  })
  .strict();

export const SourceMappingSchema = z
  .object({
    sensorthings: StaMapping.optional(),
    ngsiLd: NgsiMapping.optional(),
  })
  .strict();

export type SourceMapping = z.output<typeof SourceMappingSchema>;
export type StaMapping = z.output<typeof StaMapping>;
export type NgsiMapping = z.output<typeof NgsiMapping>;

export const SOURCES_FILE = "sources.json";

/** The pack's source mapping (empty when it has none); a malformed file is a CityPackError. */
export function loadSourceMapping(city: string, rootDir: string = DEFAULT_CITY_ROOT): SourceMapping {
  const file = path.join(rootDir, city, SOURCES_FILE);
  if (!existsSync(file)) return {};
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new CityPackError(`${city}/${SOURCES_FILE}`, `not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  return parseSourceMapping(json, `${city}/${SOURCES_FILE}`);
}

const loaded = new Map<string, SourceMapping>();

/** The pack's source mapping, read once per process (request handlers ask for it on every call). */
export function sourceMappingOf(city: string): SourceMapping {
  let m = loaded.get(city);
  if (!m) {
    m = loadSourceMapping(city);
    loaded.set(city, m);
  }
  return m;
}

export function parseSourceMapping(json: unknown, where = SOURCES_FILE): SourceMapping {
  const r = SourceMappingSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new CityPackError(`${where}: ${formatJsonPath(issue.path)}`, issue.message);
  }
  return r.data;
}

/** The TwinOps asset id a template makes of a source's value. */
export function fillTemplate(template: string, value: string, type: string): string {
  return template.replaceAll("{value}", value).replaceAll("{type}", type);
}

/** The TwinOps datastream id of an asset's property (as the inventory names them). */
export const datastreamIdOf = (assetId: string, property: string) => `${assetId}:${property}`;

/**
 * The `<asset type>:<property>` streams the configured source feeds, which the simulator leaves
 * alone (empty when TWINOPS_SOURCE is none).
 */
export function sourceFedStreams(mapping: SourceMapping, source: "none" | "sensorthings" | "ngsi-ld"): Set<string> {
  if (source === "sensorthings") return new Set((mapping.sensorthings?.streams ?? []).map((s) => `${s.type}:${s.property}`));
  if (source === "ngsi-ld")
    return new Set(
      (mapping.ngsiLd?.entities ?? []).flatMap((m) => Object.values(m.attributes).map((a) => `${m.assetType}:${typeof a === "string" ? a : a.property}`)),
    );
  return new Set();
}
