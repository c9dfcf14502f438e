import { withApi } from "@/lib/api/handler";
import { FormatQuerySchema } from "@/lib/ogc/params";
import { ogcOpenApi } from "@/lib/ogc/openapi";
import { OPENAPI_TYPE, requestUrls } from "@/lib/ogc/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// The OpenAPI 3.0 definition of /api/ogc.
export const GET = withApi({ query: FormatQuerySchema, cache: "metadata", access: "public", contentType: OPENAPI_TYPE }, ({ request }) =>
  ogcOpenApi(requestUrls(request)("")),
);
