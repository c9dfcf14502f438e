import { withApi } from "@/lib/api/handler";
import { auditBy } from "@/lib/auth/roles";
import { CreateChannelSchema } from "@/lib/notify/schemas";
import { getOpsStore } from "@/lib/ops/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const notifications = async () => (await getOpsStore()).notifications;

// Lists notification channels; secrets are never in the answer (`hasSecret` says whether one is set).
export const GET = withApi({ access: "admin", cache: "live" }, async () => ({ channels: await (await notifications()).listChannels() }));

// Creates a channel (webhook, e-mail, WeCom, DingTalk or Feishu robot); audited, secret not echoed.
export const POST = withApi({ access: "admin", body: CreateChannelSchema }, async ({ body, principal }) => ({
  channel: await (await notifications()).createChannel(body, auditBy(principal!)),
}));
