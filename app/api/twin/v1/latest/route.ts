import { withApi } from "@/lib/api/handler";
import { LatestQuerySchema } from "@/lib/domains/twin/schemas";
import { getLatest } from "@/lib/domains/twin/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Latest observation of up to 2,000 datastreams in one call.
export const GET = withApi({ query: LatestQuerySchema, cache: "live" }, ({ query }) => getLatest(query.datastreams));
