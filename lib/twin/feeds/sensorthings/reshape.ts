/**
 * OGC SensorThings API 1.1 payloads reshaped into TwinOps terms, pure: Things (with their
 * Locations and Datastreams expanded) onto TwinOps datastream ids through the pack's mapping, and
 * Observations into `{ datastreamId, t, v }` rows. Shapes as FROST-Server answers them: entity sets
 * are `{ "value": [...], "@iot.nextLink"? }`, an expanded set may carry `<Set>@iot.nextLink`.
 */
import { z } from "zod";
import type { Observation } from "../../types";
import { datastreamIdOf, fillTemplate, type StaMapping } from "../mapping";

const Id = z.union([z.number(), z.string()]);

export const StaObservedPropertySchema = z.object({ name: z.string().optional(), definition: z.string().optional() }).loose();

export const StaDatastreamSchema = z
  .object({
    "@iot.id": Id,
    name: z.string().optional(),
    unitOfMeasurement: z.object({ symbol: z.string().nullish() }).loose().nullish(),
    ObservedProperty: StaObservedPropertySchema.optional(),
  })
  .loose();

export const StaThingSchema = z
  .object({
    "@iot.id": Id,
    name: z.string().optional(),
    properties: z.record(z.string(), z.unknown()).nullish(),
    Locations: z.array(z.object({ location: z.unknown() }).loose()).optional(),
    Datastreams: z.array(StaDatastreamSchema).optional(),
    "Datastreams@iot.nextLink": z.string().optional(),
  })
  .loose();

export const StaObservationSchema = z
  .object({
    phenomenonTime: z.string(),
    result: z.unknown().optional(),
  })
  .loose();

export const StaPageSchema = z.object({ value: z.array(z.unknown()), "@iot.nextLink": z.string().optional() }).loose();

export type StaThing = z.output<typeof StaThingSchema>;
export type StaDatastream = z.output<typeof StaDatastreamSchema>;
export type StaObservation = z.output<typeof StaObservationSchema>;

/** One SensorThings Datastream mapped onto a TwinOps datastream. */
export interface StaStreamTarget {
  /** The Datastream's `@iot.id` as text (MQTT topics and URLs use it). */
  staId: string;
  datastreamId: string;
  scale: number;
}

/** The TwinOps asset id a Thing names through the mapping, or null when it names none. */
export function thingAssetKey(thing: StaThing, mapping: StaMapping): string | null {
  const a = mapping.assetId;
  const raw = a.from === "name" ? thing.name : thing.properties?.[a.key];
  if (typeof raw === "number" && Number.isFinite(raw)) return String(raw);
  return typeof raw === "string" && raw.trim() !== "" ? raw.trim() : null;
}

/** The pack's stream entry that a Datastream matches (by ObservedProperty name/definition or Datastream name). */
export function matchStream(ds: StaDatastream, mapping: StaMapping): StaMapping["streams"][number] | undefined {
  const op = ds.ObservedProperty;
  return mapping.streams.find((s) =>
    s.observedProperty !== undefined ? s.observedProperty === op?.name || s.observedProperty === op?.definition : s.datastream === ds.name,
  );
}

/**
 * Candidate targets of a Thing's Datastreams (the twin still has to confirm each id exists), and
 * whether the Thing names an asset at all.
 */
export function thingTargets(thing: StaThing, mapping: StaMapping): { key: string | null; targets: StaStreamTarget[] } {
  const key = thingAssetKey(thing, mapping);
  if (key === null) return { key, targets: [] };
  const targets: StaStreamTarget[] = [];
  for (const ds of thing.Datastreams ?? []) {
    const s = matchStream(ds, mapping);
    if (!s) continue;
    const assetId = fillTemplate(mapping.assetId.template, key, s.type);
    targets.push({ staId: String(ds["@iot.id"]), datastreamId: datastreamIdOf(assetId, s.property), scale: s.scale });
  }
  return { key, targets };
}

/**
 * The instant of a phenomenonTime: itself, or the end of an interval (`start/end`: the value
 * describes the period that ended then).
 */
export function phenomenonInstant(time: string): string {
  const slash = time.indexOf("/");
  return slash < 0 ? time : time.slice(slash + 1);
}

/**
 * An Observation as a TwinOps row. The result goes on as it came (scaled when it is a number): the
 * ingest checks refuse a text, null or out-of-range result with its reason.
 */
export function observationRow(o: StaObservation, target: StaStreamTarget): Observation {
  const v = typeof o.result === "number" ? o.result * target.scale : o.result;
  return { datastreamId: target.datastreamId, t: phenomenonInstant(o.phenomenonTime), v: v as number };
}
