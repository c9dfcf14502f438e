import { withApi } from "@/lib/api/handler";
import { scopeOf } from "@/lib/auth/scope";
import { DistrictValuesQuerySchema } from "@/lib/twin-client/schemas";
import { getDistrictValues } from "@/lib/twin-client/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// One metric in every district and the city at an instant: the department maps' choropleth.
export const GET = withApi({ query: DistrictValuesQuerySchema, cache: "shared" }, ({ query, principal }) => getDistrictValues(query, scopeOf(principal)));
