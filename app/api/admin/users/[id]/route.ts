import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { hashPassword } from "@/lib/auth/password";
import { auditBy } from "@/lib/auth/roles";
import { UpdateUserSchema, UserParamsSchema } from "@/lib/auth/schemas";
import { getOpsStore } from "@/lib/ops/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Change an account's role, domains, password or disable it; its sessions end.
export const PATCH = withApi({ access: "admin", params: UserParamsSchema, body: UpdateUserSchema }, async ({ params, body, principal }) => {
  const store = await getOpsStore();
  const before = await store.getUser(params.id);
  if (!before) throw new ApiError(404, "not_found", "No such account.");
  if (principal!.kind === "user" && principal!.id === params.id && (body.disabled || (body.role && body.role !== "admin"))) {
    throw new ApiError(409, "self_lockout", "You cannot disable or demote your own account.");
  }
  const { password, ...rest } = body;
  const passwordHash = password ? await hashPassword(password) : undefined;
  const after = await store.updateUser(params.id, { ...rest, ...(passwordHash ? { passwordHash } : {}) }, auditBy(principal!));
  if (!after) throw new ApiError(404, "not_found", "No such account.");
  return after;
});
