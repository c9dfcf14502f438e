import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { auditBy } from "@/lib/auth/roles";
import { getNotifier } from "@/lib/notify/runtime";
import { DeliveryIdParamsSchema } from "@/lib/notify/schemas";
import { getOpsStore } from "@/lib/ops/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Queues a delivery that failed for good once more, with a fresh attempt count (409 unless it had failed).
export const POST = withApi({ access: "admin", params: DeliveryIdParamsSchema }, async ({ params, principal }) => {
  if (!(await (await getOpsStore()).notifications.retryDelivery(params.id, auditBy(principal!)))) throw new ApiError(409, "not_failed", "Only a delivery that failed for good can be retried.");
  getNotifier()?.kick();
  return { retried: params.id };
});
