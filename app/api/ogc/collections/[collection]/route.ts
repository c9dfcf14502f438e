import { withApi } from "@/lib/api/handler";
import { scopeOf } from "@/lib/auth/scope";
import { CollectionParamsSchema, FormatQuerySchema } from "@/lib/ogc/params";
import { oneCollection, requestUrls } from "@/lib/ogc/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// One collection's description and extent; 404 for an unknown collection.
export const GET = withApi({ params: CollectionParamsSchema, query: FormatQuerySchema, cache: "live" }, ({ params, request, principal }) =>
  oneCollection(params.collection, requestUrls(request), scopeOf(principal)),
);
