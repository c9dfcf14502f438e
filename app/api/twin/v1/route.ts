import { withApi } from "@/lib/api/handler";
import { LandingQuerySchema } from "@/lib/twin-client/schemas";
import { getLanding } from "@/lib/twin-client/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Entry document: backend, city, links and metrics (metadata: ETag-revalidated).
export const GET = withApi({ query: LandingQuerySchema, cache: "metadata", access: "public" }, () => getLanding());
