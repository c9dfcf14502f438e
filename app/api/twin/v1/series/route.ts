import { withApi } from "@/lib/api/handler";
import { scopeOf } from "@/lib/auth/scope";
import { SeriesQuerySchema } from "@/lib/domains/twin/schemas";
import { getSeries } from "@/lib/domains/twin/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Bucketed series of datastreams or of a metric, never more than maxPoints buckets.
export const GET = withApi({ query: SeriesQuerySchema, cache: "live" }, ({ query, principal }) => getSeries(query, scopeOf(principal)));
