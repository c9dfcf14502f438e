import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { auditBy } from "@/lib/auth/roles";
import { TokenParamsSchema } from "@/lib/auth/schemas";
import { getAuthStore } from "@/lib/auth/server";
import { getTwin } from "@/lib/twin/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Revokes a device or feed token at once: the next request with it gets 401.
export const DELETE = withApi({ access: "admin", params: TokenParamsSchema }, ({ params, principal }) => {
  const store = getAuthStore();
  const before = store.getToken(params.id);
  if (!before) throw new ApiError(404, "not_found", "No such token.");
  const after = store.revokeToken(params.id)!;
  getTwin().recordAudit({ ...auditBy(principal!), action: "token.revoke", target: `token:${params.id}`, before: { revokedAt: before.revokedAt }, after: { revokedAt: after.revokedAt } });
  return after;
});
