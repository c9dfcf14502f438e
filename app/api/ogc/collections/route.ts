import { withApi } from "@/lib/api/handler";
import { scopeOf } from "@/lib/auth/scope";
import { FormatQuerySchema } from "@/lib/ogc/params";
import { collections, requestUrls } from "@/lib/ogc/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// The feature collections (assets, alerts, districts) with their extents in CRS84.
export const GET = withApi({ query: FormatQuerySchema, cache: "live" }, ({ request, principal }) => collections(requestUrls(request), scopeOf(principal)));
