import { withApi } from "@/lib/api/handler";
import { scopeOf } from "@/lib/auth/scope";
import { CollectionParamsSchema, ItemsQuerySchema } from "@/lib/ogc/params";
import { items, requestUrls } from "@/lib/ogc/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// One page of a collection's features (bbox, datetime, limit, cursor) with next/prev links and counts.
export const GET = withApi(
  { params: CollectionParamsSchema, query: ItemsQuerySchema, cache: "live", contentType: "application/geo+json" },
  ({ params, query, request, principal }) => items(params.collection, query, requestUrls(request), scopeOf(principal)),
);
