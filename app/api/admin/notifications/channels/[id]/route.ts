import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { auditBy } from "@/lib/auth/roles";
import { NotifyIdParamsSchema } from "@/lib/notify/schemas";
import { getOpsStore } from "@/lib/ops/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Deletes a channel no routing rule names (409 names the rules that still do).
export const DELETE = withApi({ access: "admin", params: NotifyIdParamsSchema }, async ({ params, principal }) => {
  const store = (await getOpsStore()).notifications;
  const using = (await store.listRules()).filter((r) => r.channels.includes(params.id) || r.escalationChannels.includes(params.id));
  if (using.length) throw new ApiError(409, "channel_in_use", `Routing rule(s) ${using.map((r) => r.name).join(", ")} send to this channel: delete them first.`);
  if (!(await store.deleteChannel(params.id, auditBy(principal!)))) throw new ApiError(404, "not_found", "No such channel.");
  return { deleted: params.id };
});
