import { withApi } from "@/lib/api/handler";
import { FormatQuerySchema } from "@/lib/ogc/params";
import { landing, requestUrls } from "@/lib/ogc/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// OGC API Features landing page: links to the API definition, conformance and collections.
export const GET = withApi({ query: FormatQuerySchema, cache: "metadata", access: "public" }, ({ request }) => landing(requestUrls(request)));
