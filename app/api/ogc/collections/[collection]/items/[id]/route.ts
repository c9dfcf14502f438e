import { withApi } from "@/lib/api/handler";
import { scopeOf } from "@/lib/auth/scope";
import { FormatQuerySchema, ItemParamsSchema } from "@/lib/ogc/params";
import { item, requestUrls } from "@/lib/ogc/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// One feature of a collection; 404 when unknown, 403 outside the caller's domains.
export const GET = withApi(
  { params: ItemParamsSchema, query: FormatQuerySchema, cache: "live", contentType: "application/geo+json" },
  ({ params, request, principal }) => item(params.collection, params.id, requestUrls(request), scopeOf(principal)),
);
