import { withApi } from "@/lib/api/handler";
import { scopeOf } from "@/lib/auth/scope";
import { AssetParamsSchema, NoQuerySchema } from "@/lib/twin-client/schemas";
import { getAsset } from "@/lib/twin-client/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// One asset as a GeoJSON Feature with its datastreams and latest values.
export const GET = withApi(
  { params: AssetParamsSchema, query: NoQuerySchema, cache: "shared", contentType: "application/geo+json" },
  ({ params, principal }) => getAsset(params.id, scopeOf(principal)),
);
