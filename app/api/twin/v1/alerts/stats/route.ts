import { withApi } from "@/lib/api/handler";
import { scopeOf } from "@/lib/auth/scope";
import { getAlertStats } from "@/lib/twin-client/alarms";
import { AlertStatsQuerySchema } from "@/lib/twin-client/schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Time to acknowledge and to resolve (median, p90) of the alerts a filter matches.
export const GET = withApi({ query: AlertStatsQuerySchema, cache: "live" }, ({ query, principal }) => getAlertStats(query, scopeOf(principal)));
