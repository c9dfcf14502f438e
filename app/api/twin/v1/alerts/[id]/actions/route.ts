import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { actorOf } from "@/lib/auth/roles";
import { AlertActionBodySchema, AlertActionParamsSchema, NoQuerySchema } from "@/lib/domains/twin/schemas";
import { getTwin } from "@/lib/twin/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// An operator acknowledges, assigns, escalates or resolves an alert; answered 200 only once the
// change and its audit record are committed.
export const POST = withApi(
  { params: AlertActionParamsSchema, query: NoQuerySchema, body: AlertActionBodySchema, access: "operate", contentType: "application/geo+json" },
  async ({ params, body, principal }) => {
    const r = await getTwin().actOnAlert(params.id, body, actorOf(principal!));
    if (!r.ok) throw new ApiError(r.status, r.code, r.message);
    const { geometry, ...properties } = r.alert;
    return { type: "Feature" as const, id: properties.id, geometry, properties };
  },
);
