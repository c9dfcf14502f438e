import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { auditBy } from "@/lib/auth/roles";
import { TokenParamsSchema } from "@/lib/auth/schemas";
import { getOpsStore } from "@/lib/ops/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Revokes one of the caller's own read tokens at once; another person's token is "no such token".
export const DELETE = withApi({ access: "account", params: TokenParamsSchema }, async ({ params, principal }) => {
  const store = await getOpsStore();
  const t = await store.getToken(params.id);
  if (!t || t.kind !== "read" || t.ownerId !== principal!.id) throw new ApiError(404, "not_found", "No such token.");
  return (await store.revokeToken(t.id, auditBy(principal!)))!;
});
