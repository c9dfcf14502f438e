import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { auditBy } from "@/lib/auth/roles";
import { checkBoards } from "@/lib/auth/pairing";
import { TokenParamsSchema, TokenScopeSchema } from "@/lib/auth/schemas";
import { getOpsStore } from "@/lib/ops/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Revokes a device or feed token at once: the next request with it gets 401.
export const DELETE = withApi({ access: "admin", params: TokenParamsSchema }, async ({ params, principal }) => {
  // Revoking a revoked token changes nothing and records nothing.
  const after = await (await getOpsStore()).revokeToken(params.id, auditBy(principal!));
  if (!after) throw new ApiError(404, "not_found", "No such token.");
  return after;
});

// Pushes other boards (or a playlist) to a wall: its device token's boards change, and the wall,
// which asks for them every few seconds, switches by itself.
export const PATCH = withApi({ access: "admin", params: TokenParamsSchema, body: TokenScopeSchema }, async ({ params, body, principal }) => {
  checkBoards(body.boards);
  const after = await (await getOpsStore()).setTokenScope(params.id, body.boards, auditBy(principal!));
  if (!after) throw new ApiError(404, "not_found", "No live device token with this id.");
  return after;
});
