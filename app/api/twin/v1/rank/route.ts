import { withApi } from "@/lib/api/handler";
import { scopeOf } from "@/lib/auth/scope";
import { RankQuerySchema } from "@/lib/twin-client/schemas";
import { getRank } from "@/lib/twin-client/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Assets of a type ranked by one datastream's value at an instant (optionally per capacity).
export const GET = withApi({ query: RankQuerySchema, cache: "shared" }, ({ query, principal }) => getRank(query, scopeOf(principal)));
