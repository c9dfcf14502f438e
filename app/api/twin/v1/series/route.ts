import { withApi } from "@/lib/api/handler";
import { scopeOf } from "@/lib/auth/scope";
import { SeriesQuerySchema } from "@/lib/twin-client/schemas";
import { getSeriesBody, planSeries } from "@/lib/twin-client/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Bucketed series of datastreams or of a metric, never more than maxPoints buckets nor the response budget.
export const GET = withApi(
  { query: SeriesQuerySchema, cache: "shared", cost: async ({ query }) => (await planSeries(query)).values },
  ({ query, principal }) => getSeriesBody(query, scopeOf(principal)),
);
