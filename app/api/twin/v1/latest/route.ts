import { withApi } from "@/lib/api/handler";
import { scopeOf } from "@/lib/auth/scope";
import { LatestBodySchema, LatestQuerySchema, NoQuerySchema } from "@/lib/twin-client/schemas";
import { getLatest } from "@/lib/twin-client/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Latest observation of up to 2,000 datastreams in one call.
export const GET = withApi({ query: LatestQuerySchema, cache: "shared" }, ({ query, principal }) => getLatest(query.datastreams, scopeOf(principal)));

// The same for long id lists, which do not fit in a URL: `{ "datastreams": [...] }`.
export const POST = withApi({ query: NoQuerySchema, body: LatestBodySchema, cache: "shared" }, ({ body, principal }) => getLatest(body.datastreams, scopeOf(principal)));
