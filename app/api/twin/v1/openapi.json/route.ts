import { withApi } from "@/lib/api/handler";
import { openApiDocument } from "@/lib/api/openapi";
import { NoQuerySchema } from "@/lib/twin-client/schemas";

export const runtime = "nodejs";

// The OpenAPI 3.1 document generated from the endpoint schemas (metadata: ETag-revalidated).
export const GET = withApi({ query: NoQuerySchema, cache: "metadata", access: "public" }, () => openApiDocument());
