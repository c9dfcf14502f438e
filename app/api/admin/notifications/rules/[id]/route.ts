import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { auditBy } from "@/lib/auth/roles";
import { NotifyIdParamsSchema } from "@/lib/notify/schemas";
import { getOpsStore } from "@/lib/ops/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Deletes a routing rule (notifications it already queued still go out).
export const DELETE = withApi({ access: "admin", params: NotifyIdParamsSchema }, async ({ params, principal }) => {
  if (!(await (await getOpsStore()).notifications.deleteRule(params.id, auditBy(principal!)))) throw new ApiError(404, "not_found", "No such rule.");
  return { deleted: params.id };
});
