import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { hashPassword } from "@/lib/auth/password";
import { auditBy } from "@/lib/auth/roles";
import { UpdateUserSchema, UserParamsSchema } from "@/lib/auth/schemas";
import { getAuthStore } from "@/lib/auth/server";
import { getTwin } from "@/lib/twin/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Change an account's role, domains, password or disable it; its sessions end.
export const PATCH = withApi({ access: "admin", params: UserParamsSchema, body: UpdateUserSchema }, async ({ params, body, principal }) => {
  const store = getAuthStore();
  const before = store.getUser(params.id);
  if (!before) throw new ApiError(404, "not_found", "No such account.");
  if (principal!.kind === "user" && principal!.id === params.id && (body.disabled || (body.role && body.role !== "admin"))) {
    throw new ApiError(409, "self_lockout", "You cannot disable or demote your own account.");
  }
  const { password, ...rest } = body;
  const after = store.updateUser(params.id, { ...rest, ...(password ? { passwordHash: await hashPassword(password) } : {}) })!;
  const pick = (u: typeof after) => ({ role: u.role, domains: u.domains, disabled: u.disabled });
  getTwin().recordAudit({
    ...auditBy(principal!),
    action: password ? "user.password" : "user.update",
    target: `user:${after.username}`,
    before: pick(before),
    after: pick(after),
  });
  return after;
});
