import { withApi } from "@/lib/api/handler";
import { scopeOf } from "@/lib/auth/scope";
import { AlertsQuerySchema } from "@/lib/twin-client/schemas";
import { getAlerts } from "@/lib/twin-client/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Alerts as GeoJSON, filtered by state/severity/domain/bbox/since.
export const GET = withApi(
  { query: AlertsQuerySchema, cache: "shared", contentType: "application/geo+json" },
  ({ query, principal }) => getAlerts(query, scopeOf(principal)),
);
