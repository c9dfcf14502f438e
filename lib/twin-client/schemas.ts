/**
 * One zod schema per twin API endpoint: the query/path input and the response body.
 * Shared by the route handlers, the SWR hooks (through the inferred types), the contract tests and
 * the generated OpenAPI document. Client-safe: no server imports.
 *
 * Query schemas take the strings of a URL and give typed values. Defaults are NOT filled in by the
 * schemas (they are applied in `server.ts` and documented with `.meta({ default })`), so the parsed
 * type doubles as the typed params object that `keys.ts` turns back into the same URL.
 */
import { z } from "zod";
import {
  AGGREGATES,
  ALERT_SEVERITIES,
  ALERT_STATES,
  ASSET_STATUSES,
  ASSET_TYPES,
  DOMAINS,
  REFUSAL_CODES,
  type AssetType,
} from "@/lib/twin/types";
import { ALERT_ACTIONS } from "@/lib/twin/alerts/workflow";
import { freeText } from "@/lib/security/text";
import { parseDurationSeconds } from "./steps";

// Pure helpers live in steps.ts (client code imports them from there without pulling in zod).
export { NICE_STEPS_SECONDS, chooseStepSeconds, formatDurationSeconds, parseDurationSeconds } from "./steps";

// ---------------------------------------------------------------------------------------------
// Limits (exported so handlers, keys, docs and tests quote the same numbers)
// ---------------------------------------------------------------------------------------------

// Zod-free, so client code can quote them without pulling zod (and its eval probe, a CSP violation) into the page.
import { LIMITS } from "./limits";
export { LIMITS };

// ---------------------------------------------------------------------------------------------
// Shared building blocks
// ---------------------------------------------------------------------------------------------

export const DomainSchema = z.enum(DOMAINS);
const ALL_ASSET_TYPES = Object.values(ASSET_TYPES).flat() as AssetType[];
export const AssetTypeSchema = z.enum(ALL_ASSET_TYPES as [AssetType, ...AssetType[]]);
export const AssetStatusSchema = z.enum(ASSET_STATUSES);
export const AggregateSchema = z.enum(AGGREGATES);
export const AlertSeveritySchema = z.enum(ALERT_SEVERITIES);
export const AlertStateSchema = z.enum(ALERT_STATES);

const LocalizedTextSchema = z.object({ en: z.string(), zh: z.string() });
const UnitSchema = z.object({
  symbol: z.string(),
  code: z.string().meta({ description: "UN/CEFACT common code" }),
});
const InstantSchema = z.iso.datetime({ offset: true }).meta({ description: "ISO 8601 instant" });

/** An id as used in URLs and lists: printable, no commas, bounded length. */
const IdSchema = z
  .string()
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters")
  .regex(/^[^,\s]+$/, "must not contain commas or whitespace");

/** Splits a comma list; empty items are an error rather than silently dropped. */
function csv<T extends z.ZodType<unknown, string>>(item: T, min: number, max: number, what: string) {
  return z
    .string()
    .transform((s) => s.split(","))
    .pipe(
      z
        .array(item)
        .min(min, `must list at least ${min} ${what}`)
        .max(max, `must list at most ${max} ${what}`),
    )
    .meta({ description: `Comma-separated list of ${min}-${max} ${what}` });
}

/** Query-string integer: digits only, so "1e3", "0x10" and "  5" are refused. */
function intParam(min: number, max: number) {
  return z
    .string()
    .regex(/^-?\d{1,9}$/, "must be an integer")
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
}

/** ISO 8601 instant with an offset or Z, parsed to a Date. */
export const InstantParam = z.iso
  .datetime({ offset: true, message: "must be an ISO 8601 instant with offset, e.g. 2026-07-15T12:00:00+08:00" })
  .transform((s) => new Date(s));

export type BBoxTuple = [number, number, number, number];

/** `w,s,e,n` in WGS 84 degrees with w < e and s < n. */
export const BBoxParam = z
  .string()
  .meta({ description: "west,south,east,north in WGS 84 degrees (w < e, s < n)", example: "113.75,22.4,114.65,22.87" })
  .transform((s, ctx): BBoxTuple => {
    const parts = s.split(",");
    const nums = parts.map((p) => (/^\s*-?\d+(\.\d+)?\s*$/.test(p) ? Number(p) : Number.NaN));
    const [w, south, e, n] = nums;
    if (nums.length !== 4 || w === undefined || south === undefined || e === undefined || n === undefined || nums.some(Number.isNaN)) {
      ctx.addIssue({ code: "custom", message: "must be four numbers: west,south,east,north" });
      return z.NEVER;
    }
    if (w < -180 || e > 180 || w >= e) {
      ctx.addIssue({ code: "custom", message: "longitudes must lie in [-180, 180] with west < east" });
      return z.NEVER;
    }
    if (south < -90 || n > 90 || south >= n) {
      ctx.addIssue({ code: "custom", message: "latitudes must lie in [-90, 90] with south < north" });
      return z.NEVER;
    }
    return [w, south, e, n];
  });

/** ISO 8601 duration (no years or months: their length varies), kept as the string given. */
export const DurationParam = z
  .string()
  .refine((s) => parseDurationSeconds(s) !== null, {
    message: "must be an ISO 8601 duration of weeks, days, hours, minutes or seconds, e.g. PT5M, PT1H, P1D",
  })
  .refine((s) => (parseDurationSeconds(s) ?? 0) <= LIMITS.seriesRangeDays * 86400, {
    message: `must be at most ${LIMITS.seriesRangeDays} days`,
  })
  .meta({ description: "ISO 8601 duration, e.g. PT5M, PT1H, P1D", example: "PT5M" });

const DistrictIdSchema = z
  .string()
  .regex(/^[a-z0-9-]{1,64}$/, "must be a district id such as futian");

// ---------------------------------------------------------------------------------------------
// GeoJSON (RFC 7946)
// ---------------------------------------------------------------------------------------------

const PositionSchema = z.array(z.number()).min(2).max(3);
export const PointSchema = z.object({ type: z.literal("Point"), coordinates: PositionSchema });
const MultiPointSchema = z.object({ type: z.literal("MultiPoint"), coordinates: z.array(PositionSchema) });
const LineStringSchema = z.object({ type: z.literal("LineString"), coordinates: z.array(PositionSchema) });
const MultiLineStringSchema = z.object({
  type: z.literal("MultiLineString"),
  coordinates: z.array(z.array(PositionSchema)),
});
const PolygonSchema = z.object({ type: z.literal("Polygon"), coordinates: z.array(z.array(PositionSchema)) });
const MultiPolygonSchema = z.object({
  type: z.literal("MultiPolygon"),
  coordinates: z.array(z.array(z.array(PositionSchema))),
});
const GeometryCollectionSchema = z.object({
  type: z.literal("GeometryCollection"),
  get geometries(): z.ZodArray<typeof GeometrySchema> {
    return z.array(GeometrySchema);
  },
});
export const GeometrySchema = z
  .discriminatedUnion("type", [
    PointSchema,
    MultiPointSchema,
    LineStringSchema,
    MultiLineStringSchema,
    PolygonSchema,
    MultiPolygonSchema,
    GeometryCollectionSchema,
  ])
  .meta({ id: "Geometry", description: "GeoJSON geometry (RFC 7946), WGS 84" });

// ---------------------------------------------------------------------------------------------
// Canonical model as schemas (output side)
// ---------------------------------------------------------------------------------------------

const PropertyValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const AssetPropertiesSchema = z
  .object({
    id: z.string(),
    type: AssetTypeSchema,
    domain: DomainSchema,
    name: LocalizedTextSchema,
    district: z.string(),
    status: AssetStatusSchema,
    properties: z.record(z.string(), PropertyValueSchema),
  })
  .meta({ id: "AssetProperties" });

export const DatastreamSchema = z
  .object({
    id: z.string(),
    assetId: z.string(),
    property: z.string(),
    name: LocalizedTextSchema,
    unit: UnitSchema,
    cadenceSeconds: z.number(),
    staleAfterSeconds: z.number(),
  })
  .meta({ id: "Datastream" });

export const LatestValueSchema = z
  .object({
    datastreamId: z.string(),
    t: InstantSchema,
    v: z.number(),
    unit: UnitSchema,
    stale: z.boolean(),
  })
  .meta({ id: "LatestValue" });

export const SeriesSchema = z
  .object({
    id: z.string().meta({ description: "Datastream id, or <metric>@<district|city>" }),
    unit: UnitSchema,
    step: z.string(),
    t: z.array(InstantSchema),
    values: z.partialRecord(AggregateSchema, z.array(z.number().nullable())),
  })
  .meta({ id: "Series" });

export const KpiDefinitionSchema = z
  .object({
    id: z.string(),
    domain: DomainSchema,
    name: LocalizedTextSchema,
    definition: LocalizedTextSchema,
    formula: z.string(),
    unit: UnitSchema,
    cadenceSeconds: z.number(),
    better: z.enum(["higher", "lower"]),
    target: z.number().nullable(),
    thresholds: z.object({ warning: z.number().nullable(), critical: z.number().nullable() }),
    owner: LocalizedTextSchema,
    source: LocalizedTextSchema,
    public: z.boolean(),
  })
  .meta({ id: "KpiDefinition" });

export const KpiValueSchema = z
  .object({
    definition: KpiDefinitionSchema,
    value: z.number().nullable(),
    asOf: InstantSchema,
    previous: z.number().nullable(),
    status: z.enum(["ok", "warning", "critical", "unknown"]),
    stale: z.boolean(),
  })
  .meta({ id: "KpiValue" });

export const AlertPropertiesSchema = z
  .object({
    id: z.string(),
    domain: DomainSchema,
    category: z.string(),
    subCategory: z.string(),
    severity: AlertSeveritySchema,
    assetId: z.string(),
    district: z.string(),
    description: LocalizedTextSchema,
    start: InstantSchema,
    end: InstantSchema.nullable(),
    state: AlertStateSchema,
    stateBy: z.string().nullable(),
    stateAt: InstantSchema.nullable(),
    value: z.number(),
    threshold: z.number(),
    acknowledgedBy: z.string().nullable(),
    acknowledgedAt: InstantSchema.nullable(),
    assignee: z.string().nullable(),
    escalation: z.number().int().min(0).max(3),
    comment: z.string().nullable().meta({ description: "The latest operator comment" }),
    comments: z
      .array(
        z.object({
          by: z.string(),
          at: InstantSchema.meta({ description: "Twin time of the comment" }),
          action: z.enum(ALERT_ACTIONS),
          text: z.string(),
        }),
      )
      .meta({ description: "Every operator comment, oldest first, with who, when and the action it came with" }),
  })
  .meta({ id: "AlertProperties" });

export const MetricInfoSchema = z
  .object({
    id: z.string(),
    domain: DomainSchema,
    name: LocalizedTextSchema,
    unit: UnitSchema,
    rollup: z.enum(["sum", "avg"]),
  })
  .meta({ id: "MetricInfo" });

export const DistrictInfoSchema = z
  .object({ id: z.string(), name: LocalizedTextSchema, areaKm2: z.number(), population: z.number() })
  .meta({ id: "DistrictInfo" });

// ---------------------------------------------------------------------------------------------
// Problem envelope (RFC 9457)
// ---------------------------------------------------------------------------------------------

export const ProblemSchema = z
  .object({
    type: z.string().meta({ description: "URI reference naming the problem type" }),
    title: z.string(),
    status: z.number().int(),
    code: z.string().meta({ description: "Machine code, e.g. invalid_parameter, not_found" }),
    detail: z.string(),
    errors: z.array(z.object({ parameter: z.string(), message: z.string() })).optional(),
    retryAfter: z
      .number()
      .int()
      .optional()
      .meta({ description: "Seconds to wait before trying again (429, 503); the same as the Retry-After header" }),
  })
  .meta({ id: "Problem" });
export type Problem = z.infer<typeof ProblemSchema>;

// ---------------------------------------------------------------------------------------------
// GET /api/twin/v1
// ---------------------------------------------------------------------------------------------

/** For endpoints that take no query parameters: anything given is reported as unknown. */
export const NoQuerySchema = z.object({}).strict();
export const LandingQuerySchema = NoQuerySchema;
export const LandingResponseSchema = z
  .object({
    name: z.string(),
    version: z.literal("1"),
    backend: z.enum(["embedded", "postgres", "sensorthings", "ngsi-ld"]),
    simulated: z.boolean(),
    empty: z.boolean().meta({ description: "True while the twin holds no observation yet (real feeds, none arrived)" }),
    city: z.object({ id: z.string(), name: LocalizedTextSchema, timezone: z.string() }),
    now: InstantSchema.meta({ description: "The twin's clock when the document was made" }).optional(),
    links: z.object({
      self: z.string(),
      assets: z.string(),
      asset: z.string().meta({ description: "URI template" }),
      latest: z.string(),
      series: z.string(),
      kpis: z.string(),
      alerts: z.string(),
      events: z.string(),
      openapi: z.string(),
    }),
    districts: z.array(DistrictInfoSchema),
    metrics: z.array(MetricInfoSchema),
  })
  .meta({ id: "Landing" });
export type LandingResponse = z.infer<typeof LandingResponseSchema>;

// ---------------------------------------------------------------------------------------------
// GET /assets
// ---------------------------------------------------------------------------------------------

export const AssetsQuerySchema = z
  .object({
    domain: DomainSchema.optional(),
    type: AssetTypeSchema.optional(),
    district: DistrictIdSchema.optional(),
    bbox: BBoxParam.optional(),
    q: z.string().min(1).max(LIMITS.qLength, `must be at most ${LIMITS.qLength} characters`).optional(),
    status: AssetStatusSchema.optional(),
    ids: csv(IdSchema, 1, LIMITS.assetIds, "asset ids")
      .optional()
      .meta({ description: `Only these assets (comma-separated, at most ${LIMITS.assetIds}); unknown ids are left out` }),
    limit: intParam(LIMITS.assetsLimit.min, LIMITS.assetsLimit.max)
      .meta({ default: LIMITS.assetsLimit.default })
      .optional(),
    cursor: z.string().min(1).max(500).optional().meta({ description: "nextCursor of the previous page" }),
  })
  .strict();
export type AssetsQuery = z.output<typeof AssetsQuerySchema>;

export const AssetFeatureSchema = z
  .object({
    type: z.literal("Feature"),
    id: z.string(),
    geometry: GeometrySchema,
    properties: AssetPropertiesSchema,
  })
  .meta({ id: "AssetFeature" });

export const AssetsResponseSchema = z
  .object({
    type: z.literal("FeatureCollection"),
    features: z.array(AssetFeatureSchema),
    total: z.number().int().meta({ description: "Matches of the filter, ignoring paging" }),
    nextCursor: z.string().nullable(),
    asOf: InstantSchema,
  })
  .meta({ id: "AssetCollection" });
export type AssetsResponse = z.infer<typeof AssetsResponseSchema>;

// ---------------------------------------------------------------------------------------------
// GET /assets/clusters
// ---------------------------------------------------------------------------------------------

export const AssetClustersQuerySchema = z
  .object({
    domain: DomainSchema,
    bbox: BBoxParam,
    zoom: z.coerce
      .number()
      .min(0, "must be a zoom level from 0 to 22")
      .max(22, "must be a zoom level from 0 to 22")
      .meta({ description: "The map's zoom; cells are 48 px at this zoom (floored)" }),
  })
  .strict();
export type AssetClustersQuery = z.output<typeof AssetClustersQuerySchema>;

export const AssetClusterFeatureSchema = z
  .object({
    type: z.literal("Feature"),
    geometry: GeometrySchema,
    properties: z.object({
      id: z.string().meta({ description: "The asset's id, or cluster:<zoom>:<cell> for a cluster" }),
      kind: z.enum(["asset", "cluster"]),
      status: AssetStatusSchema.meta({ description: "The asset's status, or the worst in the cluster" }),
      count: z.number().int().min(1),
      type: AssetTypeSchema.optional(),
      critical: z.number().int().optional(),
      warning: z.number().int().optional(),
      offline: z.number().int().optional(),
    }),
  })
  .meta({ id: "AssetClusterFeature" });

export const AssetClustersResponseSchema = z
  .object({
    type: z.literal("FeatureCollection"),
    features: z.array(AssetClusterFeatureSchema),
    total: z.number().int().meta({ description: "Assets of the domain in the bbox" }),
    zoom: z.number().int(),
    asOf: InstantSchema,
  })
  .meta({ id: "AssetClusterCollection" });
export type AssetClustersResponse = z.infer<typeof AssetClustersResponseSchema>;

// ---------------------------------------------------------------------------------------------
// GET /assets/{id}
// ---------------------------------------------------------------------------------------------

export const AssetParamsSchema = z.object({ id: IdSchema.meta({ example: "urn:ngsi-ld:Substation:shenzhen:001" }) });
export type AssetParams = z.output<typeof AssetParamsSchema>;

export const AssetDetailResponseSchema = z
  .object({
    type: z.literal("Feature"),
    id: z.string(),
    geometry: GeometrySchema,
    properties: AssetPropertiesSchema.extend({
      datastreams: z.array(DatastreamSchema),
      latest: z.array(LatestValueSchema),
    }),
    asOf: InstantSchema,
  })
  .meta({ id: "AssetDetail" });
export type AssetDetailResponse = z.infer<typeof AssetDetailResponseSchema>;

// ---------------------------------------------------------------------------------------------
// GET /latest
// ---------------------------------------------------------------------------------------------

export const LatestQuerySchema = z
  .object({
    datastreams: csv(IdSchema, LIMITS.latestIds.min, LIMITS.latestIds.max, "datastream ids"),
  })
  .strict();
export type LatestQuery = z.output<typeof LatestQuerySchema>;

/** POST /latest: the same request as a JSON body, for id lists too long for a URL (~16 KB). */
export const LatestBodySchema = z
  .object({
    datastreams: z.array(IdSchema).min(LIMITS.latestIds.min).max(LIMITS.latestIds.max),
  })
  .strict()
  .meta({ id: "LatestRequest" });

export const LatestResponseSchema = z
  .object({ asOf: InstantSchema, values: z.array(LatestValueSchema) })
  .meta({ id: "Latest" });
export type LatestResponse = z.infer<typeof LatestResponseSchema>;

// ---------------------------------------------------------------------------------------------
// GET /series
// ---------------------------------------------------------------------------------------------

export const SeriesQuerySchema = z
  .object({
    datastreams: csv(IdSchema, 1, LIMITS.seriesDatastreams.max, "datastream ids").optional(),
    metric: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "must be a metric id").optional(),
    district: DistrictIdSchema.optional(),
    from: InstantParam.optional().meta({ description: "Start (inclusive); default `to` minus 24 h" }),
    to: InstantParam.optional().meta({ description: "End (exclusive); default the twin's now" }),
    step: DurationParam.optional().meta({
      description: "Bucket width; widened to a nice step when the range would exceed maxPoints",
    }),
    agg: csv(AggregateSchema, 1, AGGREGATES.length, "aggregates").optional().meta({ default: "avg" }),
    maxPoints: intParam(LIMITS.maxPoints.min, LIMITS.maxPoints.max)
      .meta({ default: LIMITS.maxPoints.default })
      .optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    if ((q.datastreams === undefined) === (q.metric === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [q.datastreams ? "metric" : "datastreams"],
        message: "give either datastreams or metric, not both and not neither",
      });
    }
    if (q.district !== undefined && q.metric === undefined) {
      ctx.addIssue({ code: "custom", path: ["district"], message: "district only applies to metric series" });
    }
  });
export type SeriesQuery = z.output<typeof SeriesQuerySchema>;

export const SeriesResponseSchema = z
  .object({
    from: InstantSchema,
    to: InstantSchema,
    step: z.string().meta({ description: "Bucket width actually used (ISO 8601 duration)" }),
    series: z.array(SeriesSchema),
  })
  .meta({ id: "SeriesSet" });
export type SeriesResponse = z.infer<typeof SeriesResponseSchema>;

// ---------------------------------------------------------------------------------------------
// GET /kpis
// ---------------------------------------------------------------------------------------------

export const KpisQuerySchema = z
  .object({
    domain: DomainSchema.optional(),
    at: InstantParam.optional().meta({ description: "Time the values describe; default the twin's now" }),
    district: DistrictIdSchema.optional().meta({ description: "Values of one district; default the whole city" }),
  })
  .strict();
export type KpisQuery = z.output<typeof KpisQuerySchema>;

export const KpisResponseSchema = z
  .object({
    asOf: InstantSchema,
    domain: DomainSchema.nullable().meta({ description: "null when all domains were asked for" }),
    kpis: z.array(KpiValueSchema),
  })
  .meta({ id: "Kpis" });
export type KpisResponse = z.infer<typeof KpisResponseSchema>;

// ---------------------------------------------------------------------------------------------
// GET /alerts
// ---------------------------------------------------------------------------------------------

export const AlertsQuerySchema = z
  .object({
    state: csv(AlertStateSchema, 1, ALERT_STATES.length, "states").optional(),
    severity: csv(AlertSeveritySchema, 1, ALERT_SEVERITIES.length, "severities").optional(),
    domain: DomainSchema.optional(),
    bbox: BBoxParam.optional(),
    since: InstantParam.optional(),
    limit: intParam(LIMITS.alertsLimit.min, LIMITS.alertsLimit.max)
      .meta({ default: LIMITS.alertsLimit.default })
      .optional(),
    district: DistrictIdSchema.optional(),
    asset: IdSchema.optional().meta({ description: "One asset's alerts (its history when no state is given)" }),
    at: InstantParam.optional().meta({ description: "Alerts active at this instant (started by then, not ended by then)" }),
    from: InstantParam.optional().meta({ description: "Alerts that started at or after this instant (history)" }),
    to: InstantParam.optional().meta({ description: "Alerts that started before this instant (history); after `from`" }),
    offset: intParam(0, LIMITS.alertsOffset.max).optional().meta({ description: "Page start: alerts to skip (newest first)", default: 0 }),
  })
  .strict();
export type AlertsQuery = z.output<typeof AlertsQuerySchema>;

/** The filter of an alert list without its page: what response times and exports cover. */
export const AlertFilterSchema = AlertsQuerySchema.omit({ limit: true, offset: true });
export type AlertFilter = z.output<typeof AlertFilterSchema>;

// GET /alerts/stats
export const AlertStatsQuerySchema = AlertFilterSchema;

const DurationStatsSchema = z.object({
  count: z.number().int().meta({ description: "Alerts of the set that have this duration (acknowledged, resolved)" }),
  medianSeconds: z.number().nullable(),
  p90Seconds: z.number().nullable().meta({ description: "90th percentile (nearest rank)" }),
});

export const AlertStatsResponseSchema = z
  .object({
    total: z.number().int().meta({ description: "Alerts matching the filter" }),
    timeToAcknowledge: DurationStatsSchema.meta({ description: "From the alert's start to its acknowledgement, seconds" }),
    timeToResolve: DurationStatsSchema.meta({ description: "From the alert's start to its end (resolved), seconds" }),
    asOf: InstantSchema,
  })
  .meta({ id: "AlertStats" });
export type AlertStatsResponse = z.infer<typeof AlertStatsResponseSchema>;

// GET /alerts/export
export const AlertExportQuerySchema = AlertFilterSchema.extend({
  lang: z.enum(["en", "zh"]).optional().meta({ description: "Language of the severity and text columns", default: "en" }),
}).strict();
export type AlertExportQuery = z.output<typeof AlertExportQuerySchema>;

// GET /alerts/assignees (operators)
export const AssigneesQuerySchema = z.object({ domain: DomainSchema.optional() }).strict();
export const AssigneesResponseSchema = z
  .object({
    assignees: z.array(z.object({ username: z.string(), displayName: z.string(), role: z.enum(["operator", "admin"]) })),
  })
  .meta({ id: "Assignees" });
export type AssigneesResponse = z.infer<typeof AssigneesResponseSchema>;

export const AlertFeatureSchema = z
  .object({
    type: z.literal("Feature"),
    id: z.string(),
    geometry: PointSchema,
    properties: AlertPropertiesSchema,
  })
  .meta({ id: "AlertFeature" });

export const AlertsResponseSchema = z
  .object({
    type: z.literal("FeatureCollection"),
    features: z.array(AlertFeatureSchema),
    total: z.number().int(),
    asOf: InstantSchema,
  })
  .meta({ id: "AlertCollection" });
export type AlertsResponse = z.infer<typeof AlertsResponseSchema>;

// ---------------------------------------------------------------------------------------------
// GET /district-values
// ---------------------------------------------------------------------------------------------

const MetricIdParam = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "must be a metric id");

export const DistrictValuesQuerySchema = z
  .object({
    metric: MetricIdParam,
    at: InstantParam.optional().meta({ description: "Time the values describe; default the twin's now" }),
  })
  .strict();
export type DistrictValuesQuery = z.output<typeof DistrictValuesQuerySchema>;

const ValueAtSchema = z.object({ value: z.number().nullable(), asOf: InstantSchema.nullable(), stale: z.boolean() });

export const DistrictValuesResponseSchema = z
  .object({
    metric: MetricInfoSchema,
    at: InstantSchema,
    asOf: InstantSchema.meta({ description: "Newest input time over all rows" }),
    city: ValueAtSchema,
    districts: z.array(ValueAtSchema.extend({ id: z.string(), name: LocalizedTextSchema })),
  })
  .meta({ id: "DistrictValues" });
export type DistrictValuesResponse = z.infer<typeof DistrictValuesResponseSchema>;

// ---------------------------------------------------------------------------------------------
// GET /rank
// ---------------------------------------------------------------------------------------------

export const RankQuerySchema = z
  .object({
    type: AssetTypeSchema,
    property: z.string().regex(/^[A-Za-z0-9_]{1,64}$/, "must be a datastream property such as loading"),
    at: InstantParam.optional().meta({ description: "Values at this instant; default the latest" }),
    district: DistrictIdSchema.optional(),
    per: z
      .string()
      .regex(/^[A-Za-z0-9_]{1,64}$/, "must be an asset property such as beds")
      .optional()
      .meta({ description: "Divide by this numeric asset property; values become percentages" }),
    order: z.enum(["asc", "desc"]).optional().meta({ default: "desc" }),
    limit: intParam(LIMITS.rankLimit.min, LIMITS.rankLimit.max).meta({ default: LIMITS.rankLimit.default }).optional(),
  })
  .strict();
export type RankQuery = z.output<typeof RankQuerySchema>;

export const RankResponseSchema = z
  .object({
    at: InstantSchema,
    asOf: InstantSchema,
    type: AssetTypeSchema,
    property: z.string(),
    per: z.string().nullable(),
    unit: UnitSchema,
    total: z.number().int().meta({ description: "Assets with a value, before the limit" }),
    items: z.array(
      z.object({
        assetId: z.string(),
        datastreamId: z.string(),
        name: LocalizedTextSchema,
        district: z.string(),
        value: z.number(),
        raw: z.number(),
        t: InstantSchema,
        stale: z.boolean(),
        properties: z.record(z.string(), PropertyValueSchema),
      }),
    ),
  })
  .meta({ id: "Rank" });
export type RankResponse = z.infer<typeof RankResponseSchema>;

// ---------------------------------------------------------------------------------------------
// GET /events (Server-Sent Events)
// ---------------------------------------------------------------------------------------------

/** Most datastreams one event stream may ask observation rows for. */
export const EVENTS_DATASTREAMS_MAX = 200;

export const EventsQuerySchema = z
  .object({
    domains: csv(DomainSchema, 1, DOMAINS.length, "domains").optional(),
    datastreams: csv(IdSchema, 1, EVENTS_DATASTREAMS_MAX, "datastream ids")
      .optional()
      .meta({
        description:
          "Include the observation rows of these datastreams in observation events (and skip events " +
          "without any). Without it, observation events carry only asOf, count and domains.",
      }),
    lastEventId: z
      .string()
      .regex(/^\d{1,15}$/, "must be a non-negative integer event id")
      .transform(Number)
      .optional()
      .meta({ description: "Same as the Last-Event-ID header (the header wins)" }),
  })
  .strict();
export type EventsQuery = z.output<typeof EventsQuerySchema>;


// ---------------------------------------------------------------------------------------------
// POST /alerts/{id}/actions (operators)
// ---------------------------------------------------------------------------------------------

export const AlertActionParamsSchema = z.object({ id: IdSchema.meta({ example: "urn:ngsi-ld:Alert:shenzhen:feederOverload-12-1764000000" }) });

export const AlertActionBodySchema = z
  .object({
    action: z.enum(ALERT_ACTIONS),
    // Control and bidi control characters are removed first (lib/security/text.ts).
    comment: freeText({ multiline: true }).max(1000).optional().meta({ description: "Required to acknowledge, to resolve and to comment; joins the alert's thread" }),
    assignee: freeText().max(100).optional().meta({ description: "Account name of an enabled operator or admin (GET /alerts/assignees); required to assign" }),
  })
  .strict()
  .meta({ id: "AlertActionRequest" });
export type AlertActionBody = z.output<typeof AlertActionBodySchema>;

// ---------------------------------------------------------------------------------------------
// GET /audit (admins)
// ---------------------------------------------------------------------------------------------

export const AuditQuerySchema = z
  .object({
    target: z.string().min(1).max(300).optional().meta({ description: "Only records about this object (an alert id, user:<name>, token:<id>)" }),
    before: z
      .string()
      .regex(/^\d{1,15}$/, "must be a record sequence number")
      .transform(Number)
      .optional()
      .meta({ description: "Page: records older than this sequence number" }),
    limit: z
      .string()
      .regex(/^\d{1,4}$/, "must be an integer 1-1000")
      .transform(Number)
      .refine((n) => n >= 1 && n <= 1000, "must be an integer 1-1000")
      .optional(),
  })
  .strict();
export type AuditQuery = z.output<typeof AuditQuerySchema>;

export const AuditRecordSchema = z
  .object({
    seq: z.number().int(),
    at: InstantSchema,
    actor: z.string(),
    role: z.string(),
    action: z.string().meta({ description: "e.g. alert.acknowledge, signin.failed, token.issue" }),
    target: z.string(),
    before: z.unknown(),
    after: z.unknown(),
  })
  .meta({ id: "AuditRecord" });

export const AuditResponseSchema = z.object({ records: z.array(AuditRecordSchema) }).meta({ id: "AuditLog" });
export type AuditResponse = z.infer<typeof AuditResponseSchema>;

// ---------------------------------------------------------------------------------------------
// POST /ingest/observations (sensor feeds)
// ---------------------------------------------------------------------------------------------

/** Most rows one ingest request may carry (the body is also capped at MAX_BODY_BYTES). */
export const INGEST_MAX_ROWS = 5000;

/**
 * Rows are checked one by one by the twin (known datastream, finite value, sane time), so the
 * row schema is loose on purpose: a bad row is refused with its index and reason while the good
 * rows of the batch are stored.
 */
export const IngestBodySchema = z
  .object({
    observations: z
      .array(z.object({ datastreamId: z.string().max(300), t: z.string().max(64), v: z.unknown() }).strict())
      .min(1)
      .max(INGEST_MAX_ROWS),
  })
  .strict()
  .meta({ id: "IngestRequest" });
export type IngestBody = z.output<typeof IngestBodySchema>;

export const CorrectionBodySchema = z
  .object({
    datastreamId: z.string().min(1).max(300),
    t: z.string().max(64).meta({ description: "The stored observation's instant (ISO 8601 with an offset)" }),
    v: z.number().nullable().meta({ description: "The corrected value; null withdraws the observation" }),
    reason: freeText().pipe(z.string().min(1).max(500)).meta({ description: "Why (kept in the audit record)" }),
  })
  .strict()
  .meta({ id: "CorrectionRequest" });

export const CorrectionResponseSchema = z
  .object({
    datastreamId: z.string(),
    t: InstantSchema,
    before: z.number().meta({ description: "The value stored before the correction" }),
    after: z.number().nullable().meta({ description: "The value stored now; null: withdrawn" }),
  })
  .meta({ id: "CorrectionResult" });

export const RefusalCountsResponseSchema = z
  .object({
    since: InstantSchema.meta({ description: "Counting started (this instance's start)" }),
    total: z.number().int(),
    counts: z.array(
      z.object({ code: z.enum(REFUSAL_CODES), datastreamId: z.string(), count: z.number().int(), last: InstantSchema }),
    ),
  })
  .meta({ id: "RefusalCounts" });

export const IngestResponseSchema = z
  .object({
    accepted: z.number().int().meta({ description: "Rows stored or already present (idempotent on datastream and t)" }),
    duplicates: z.number().int().meta({ description: "Of the accepted rows, those already stored" }),
    rejected: z.array(
      z.object({
        index: z.number().int().meta({ description: "Position of the row in the request" }),
        code: z.enum(REFUSAL_CODES).meta({ description: "Why the row was refused (machine code)" }),
        reason: z.string(),
      }),
    ),
  })
  .meta({ id: "IngestResult" });

/** An NGSI-LD notification (the broker's POST for a TwinOps subscription): entities in `data`. */
export const NgsiNotificationBodySchema = z
  .object({
    id: z.string().max(500).optional(),
    type: z.literal("Notification").optional(),
    subscriptionId: z.string().max(500).optional(),
    notifiedAt: z.string().max(64).optional(),
    data: z.array(z.object({ id: z.string().min(1).max(500), type: z.union([z.string().max(500), z.array(z.string().max(500)).max(20)]) }).loose()).max(INGEST_MAX_ROWS),
  })
  .loose()
  .meta({ id: "NgsiLdNotification" });

export const NgsiNotificationResponseSchema = IngestResponseSchema.extend({
  rejected: z.array(z.object({ entity: z.string(), attribute: z.string(), reason: z.string() })),
  unmapped: z.number().int().meta({ description: "Entities of no mapped type, or naming no TwinOps asset" }),
}).meta({ id: "NgsiLdNotificationResult" });
