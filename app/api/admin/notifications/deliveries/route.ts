import { withApi } from "@/lib/api/handler";
import { DeliveriesQuerySchema } from "@/lib/notify/schemas";
import { getOpsStore } from "@/lib/ops/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// The outbox, newest first: pending, sending, delivered, failed for good (with the last error), cancelled.
export const GET = withApi({ access: "admin", cache: "live", query: DeliveriesQuerySchema }, async ({ query }) => ({
  deliveries: await (await getOpsStore()).notifications.listDeliveries(query),
}));
