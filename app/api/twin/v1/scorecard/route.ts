import { withApi } from "@/lib/api/handler";
import { scopeOf } from "@/lib/auth/scope";
import { ScorecardQuerySchema } from "@/lib/views/scorecard/schemas";
import { getScorecard } from "@/lib/views/scorecard/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// The district scorecard: every key indicator the caller may read, per district and city, with levels and 24-h sparklines.
export const GET = withApi({ query: ScorecardQuerySchema, cache: "shared" }, ({ query, principal }) =>
  getScorecard(query, scopeOf(principal)),
);
