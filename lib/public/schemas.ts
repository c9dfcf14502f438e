/**
 * The public read model's shapes. Every public shape is a `.pick()` of an internal one: zod drops
 * keys it was not told about, so a field added to the twin or to the internal rows can never reach
 * a public page or `/api/public/v1` unless someone adds it to a pick list here. Client-safe.
 */
import { z } from "zod";
import { DomainSchema, KpiDefinitionSchema, KpiValueSchema } from "@/lib/twin-client/schemas";

/** A district level (mean, share, total load) is published only over at least this many assets. */
export const MIN_CONTRIBUTORS = 3;

const LocalizedTextSchema = z.object({ en: z.string(), zh: z.string() });
const UnitSchema = z.object({ symbol: z.string(), code: z.string() });

/** What a citizen may know about a KPI: meaning, method, cadence and source; no thresholds or targets. */
export const PublicKpiDefinitionSchema = KpiDefinitionSchema.pick({
  id: true,
  domain: true,
  name: true,
  definition: true,
  formula: true,
  unit: true,
  cadenceSeconds: true,
  owner: true,
  source: true,
});

/**
 * What is usual for a figure: the lowest and highest value at the same time of day over the last
 * `days` days (city-wide, as public as the figure itself), and whether now is inside that range
 * or better or worse than it (null when there is no value now).
 */
export const PublicUsualSchema = z.object({
  low: z.number(),
  high: z.number(),
  days: z.number().int(),
  verdict: z.enum(["usual", "better", "worse"]).nullable(),
});
export type PublicUsual = z.infer<typeof PublicUsualSchema>;

export const PublicFigureSchema = KpiValueSchema.pick({ value: true, asOf: true, previous: true, stale: true }).extend({
  definition: PublicKpiDefinitionSchema,
  /** Set when the figure is a count that suppression withholds (see the district table). */
  suppression: z.enum(["small", "secondary", "total"]).nullable(),
  /** Null when fewer than 3 earlier days have a value, or the figure is withheld. */
  usual: PublicUsualSchema.nullable(),
});
export type PublicFigure = z.infer<typeof PublicFigureSchema>;

/**
 * One district's value as the read model computes it. `contributors` (how many assets feed it)
 * and `assetIds` decide suppression and never leave the server.
 */
export const InternalDistrictCellSchema = z.object({
  district: z.string(),
  name: LocalizedTextSchema,
  value: z.number().nullable(),
  /** `small`: 1-10; `secondary`: withheld so a small count cannot be derived; `few`: too few sources. */
  suppression: z.enum(["small", "secondary", "few"]).nullable(),
  contributors: z.number().int(),
  assetIds: z.array(z.string()),
});
export type InternalDistrictCell = z.infer<typeof InternalDistrictCellSchema>;

export const PublicDistrictCellSchema = InternalDistrictCellSchema.pick({
  district: true,
  name: true,
  value: true,
  suppression: true,
});
export type PublicDistrictCell = z.infer<typeof PublicDistrictCellSchema>;

export const PublicDistrictTableSchema = z.object({
  /** Stable dataset id, e.g. `construction-sites-by-district`. */
  id: z.string(),
  domain: DomainSchema,
  title: LocalizedTextSchema,
  description: LocalizedTextSchema,
  unit: UnitSchema,
  /** `count`: small counts suppressed; `level`: a mean or share, withheld under too few sources. */
  kind: z.enum(["count", "level"]),
  asOf: z.string(),
  cells: z.array(PublicDistrictCellSchema),
  /** City total of a count table (null when withheld); null for levels. */
  total: z.number().nullable(),
});
export type PublicDistrictTable = z.infer<typeof PublicDistrictTableSchema>;

export const PublicHourlySchema = z.object({
  id: z.string(),
  domain: DomainSchema,
  title: LocalizedTextSchema,
  unit: UnitSchema,
  /** `avg` of each hour, or `sum` for counts such as metro entries. */
  aggregate: z.enum(["avg", "sum"]),
  /** Hour starts (ISO 8601), complete hours only. */
  t: z.array(z.string()),
  values: z.array(z.number().nullable()),
});
export type PublicHourly = z.infer<typeof PublicHourlySchema>;

export const PublicSnapshotSchema = z.object({
  city: z.object({ id: z.string(), name: LocalizedTextSchema, timezone: z.string() }),
  simulated: z.boolean(),
  /** No observation has arrived yet (real feeds only): there are no figures, not zero figures. */
  empty: z.boolean(),
  /** The instant the figures describe: a 5-minute boundary whose rollup slots all ended at least the delay ago. */
  asOf: z.string(),
  delayMinutes: z.number().int(),
  /** When the next snapshot replaces this one. */
  nextUpdate: z.string(),
  figures: z.array(PublicFigureSchema),
  districtTables: z.array(PublicDistrictTableSchema),
  hourly: z.array(PublicHourlySchema),
});
export type PublicSnapshot = z.infer<typeof PublicSnapshotSchema>;
