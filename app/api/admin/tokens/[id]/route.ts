import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { auditBy } from "@/lib/auth/roles";
import { TokenParamsSchema } from "@/lib/auth/schemas";
import { getAuthStore } from "@/lib/auth/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Revokes a device or feed token at once: the next request with it gets 401.
export const DELETE = withApi({ access: "admin", params: TokenParamsSchema }, ({ params, principal }) => {
  const store = getAuthStore();
  const before = store.getToken(params.id);
  if (!before) throw new ApiError(404, "not_found", "No such token.");
  const after = store.audited(
    () => store.revokeToken(params.id),
    // Revoking a revoked token changes nothing and records nothing.
    (t) => (t && before.revokedAt === null ? { ...auditBy(principal!), action: "token.revoke", target: `token:${params.id}`, before: { revokedAt: null }, after: { revokedAt: t.revokedAt } } : null),
  );
  if (!after) throw new ApiError(404, "not_found", "No such token.");
  return after;
});
