import { withApi } from "@/lib/api/handler";
import { FormatQuerySchema } from "@/lib/ogc/params";
import { conformance } from "@/lib/ogc/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// The OGC conformance classes implemented (core, GeoJSON, OpenAPI 3.0).
export const GET = withApi({ query: FormatQuerySchema, cache: "metadata", access: "public" }, () => conformance());
