import { withApi } from "@/lib/api/handler";
import { LandingQuerySchema } from "@/lib/domains/twin/schemas";
import { getLanding } from "@/lib/domains/twin/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Entry document: backend, city, links and metrics (metadata: ETag-revalidated).
export const GET = withApi({ query: LandingQuerySchema, cache: "metadata", access: "public" }, () => getLanding());
