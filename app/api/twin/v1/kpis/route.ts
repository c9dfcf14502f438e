import { withApi } from "@/lib/api/handler";
import { scopeOf } from "@/lib/auth/scope";
import { KpisQuerySchema } from "@/lib/twin-client/schemas";
import { getKpis } from "@/lib/twin-client/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// KPI values of one domain (or all) at a time, with definitions, targets and trend.
export const GET = withApi({ query: KpisQuerySchema, cache: "shared" }, ({ query, principal }) => getKpis(query, scopeOf(principal)));
