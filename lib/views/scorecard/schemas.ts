/**
 * GET /api/twin/v1/scorecard: query and response (one zod schema per endpoint, shared by the
 * handler, the hook, the contract test and the OpenAPI document). Client-safe.
 */
import { z } from "zod";
import { DistrictValuesResponseSchema, InstantParam, MetricInfoSchema } from "@/lib/twin-client/schemas";

export const ScorecardQuerySchema = z
  .object({
    at: InstantParam.optional().meta({ description: "Time the values describe; default the twin's now" }),
  })
  .strict();
export type ScorecardQuery = z.output<typeof ScorecardQuerySchema>;

const Instant = DistrictValuesResponseSchema.shape.at;
const LocalizedText = MetricInfoSchema.shape.name;

/** Hours of the sparkline behind each value, in hourly means ending at `at`. */
export const SPARK_HOURS = 24;

const CellSchema = z.object({
  value: z.number().nullable(),
  asOf: Instant.nullable(),
  stale: z.boolean(),
  spark: z.array(z.number().nullable()).meta({ description: `Hourly means over the ${SPARK_HOURS} hours up to \`at\`, oldest first` }),
});

export const ScorecardIndicatorSchema = z.object({
  metric: MetricInfoSchema,
  better: z.enum(["higher", "lower"]),
  /** The KPI whose levels colour the cells (null: the alert rule's on the same reading). */
  kpi: z.string().nullable(),
  thresholds: z.object({ warning: z.number().nullable(), critical: z.number().nullable() }),
  digits: z.number().int().min(0),
  city: CellSchema,
  /** One cell per district, in the order of the response's `districts`. */
  districts: z.array(CellSchema),
});

export const ScorecardResponseSchema = z
  .object({
    at: Instant,
    asOf: Instant.meta({ description: "Newest input time over all cells" }),
    from: Instant.meta({ description: "Start of the sparklines" }),
    step: z.literal("PT1H"),
    simulated: z.boolean(),
    districts: z.array(z.object({ id: z.string(), name: LocalizedText })),
    indicators: z.array(ScorecardIndicatorSchema),
  })
  .meta({ id: "Scorecard" });
export type ScorecardResponse = z.infer<typeof ScorecardResponseSchema>;
export type ScorecardIndicator = z.infer<typeof ScorecardIndicatorSchema>;
