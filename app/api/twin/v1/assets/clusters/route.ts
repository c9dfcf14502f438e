import { withApi } from "@/lib/api/handler";
import { scopeOf } from "@/lib/auth/scope";
import { AssetClustersQuerySchema } from "@/lib/twin-client/schemas";
import { getAssetClusters } from "@/lib/twin-client/clusters-server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// A domain's assets in a map view, aggregated per screen cell (dense layers at city scale).
export const GET = withApi(
  { query: AssetClustersQuerySchema, cache: "live", contentType: "application/geo+json" },
  ({ query, principal }) => getAssetClusters(query, scopeOf(principal)),
);
