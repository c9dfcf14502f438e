import { withApi } from "@/lib/api/handler";
import { scopeOf } from "@/lib/auth/scope";
import { getAlertStats } from "@/lib/domains/twin/alarms";
import { AlertStatsQuerySchema } from "@/lib/domains/twin/schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Time to acknowledge and to resolve (median, p90) of the alerts a filter matches.
export const GET = withApi({ query: AlertStatsQuerySchema, cache: "live" }, ({ query, principal }) => getAlertStats(query, scopeOf(principal)));
