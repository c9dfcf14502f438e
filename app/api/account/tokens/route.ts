import { withApi } from "@/lib/api/handler";
import { auditBy } from "@/lib/auth/roles";
import { CreateReadTokenSchema } from "@/lib/auth/schemas";
import { getOpsStore } from "@/lib/ops/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// The caller's own read tokens (revoked and expired ones too), newest first, with their last use.
export const GET = withApi({ access: "account", cache: "live" }, async ({ principal }) => ({
  tokens: (await (await getOpsStore()).listTokens("read")).filter((t) => t.ownerId === principal!.id),
}));

// Creates a read token for the caller: read-only, with the caller's rights at each use. The
// secret is in this answer and nowhere else.
export const POST = withApi({ access: "account", body: CreateReadTokenSchema }, async ({ body, principal }) => {
  const store = await getOpsStore();
  return store.issueToken("read", body.name, [], auditBy(principal!), Date.now(), { ownerId: principal!.id, expiresAt: body.expiresAt ?? null });
});
