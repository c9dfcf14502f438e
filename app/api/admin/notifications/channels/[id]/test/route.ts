import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { auditBy } from "@/lib/auth/roles";
import { enqueueTest } from "@/lib/notify/enqueue";
import { getNotifier } from "@/lib/notify/runtime";
import { NotifyIdParamsSchema } from "@/lib/notify/schemas";
import { getOpsStore } from "@/lib/ops/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Queues a test message to one channel and starts sending it; the answer does not wait for the far end.
export const POST = withApi({ access: "admin", params: NotifyIdParamsSchema }, async ({ params, principal }) => {
  const store = (await getOpsStore()).notifications;
  if (!(await store.channelForSending(params.id))) throw new ApiError(404, "not_found", "No such channel.");
  const delivery = await enqueueTest(store, params.id, auditBy(principal!));
  getNotifier()?.kick();
  return { delivery };
});
