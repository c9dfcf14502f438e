import { withApi } from "@/lib/api/handler";
import { scopeOf } from "@/lib/auth/scope";
import { AssetsQuerySchema } from "@/lib/twin-client/schemas";
import { getAssets } from "@/lib/twin-client/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// One page of assets as GeoJSON, filtered by domain/type/district/bbox/q/status.
export const GET = withApi(
  { query: AssetsQuerySchema, cache: "shared", contentType: "application/geo+json" },
  ({ query, principal }) => getAssets(query, scopeOf(principal)),
);
