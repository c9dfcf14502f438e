import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { auditBy } from "@/lib/auth/roles";
import { CreateRuleSchema } from "@/lib/notify/schemas";
import { getOpsStore } from "@/lib/ops/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Lists routing rules: which alarms go to which channels, and escalation of unacknowledged critical alarms.
export const GET = withApi({ access: "admin", cache: "live" }, async () => ({ rules: await (await getOpsStore()).notifications.listRules() }));

// Creates a routing rule; every channel it names must exist (422 names the unknown ones).
export const POST = withApi({ access: "admin", body: CreateRuleSchema }, async ({ body, principal }) => {
  const store = (await getOpsStore()).notifications;
  const known = new Set((await store.listChannels()).map((c) => c.id));
  const errors = (["channels", "escalationChannels"] as const).flatMap((field) =>
    body[field].filter((id) => !known.has(id)).map((id) => ({ parameter: field, message: `unknown channel ${id}` })),
  );
  if (errors.length) throw new ApiError(422, "unknown_channel", "The rule names channels that do not exist.", errors);
  return { rule: await store.createRule(body, auditBy(principal!)) };
});
