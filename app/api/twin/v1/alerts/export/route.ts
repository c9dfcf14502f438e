import { withApi } from "@/lib/api/handler";
import { scopeOf } from "@/lib/auth/scope";
import { exportAlerts } from "@/lib/twin-client/alarms";
import { AlertExportQuerySchema } from "@/lib/twin-client/schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// The alerts a filter matches as a CSV file (UTF-8 with BOM, local times with offset).
export const GET = withApi({ query: AlertExportQuerySchema }, ({ query, principal }) => exportAlerts(query, scopeOf(principal)));
