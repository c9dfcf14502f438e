import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { hashPassword } from "@/lib/auth/password";
import { auditBy } from "@/lib/auth/roles";
import { CreateUserSchema } from "@/lib/auth/schemas";
import { getAuthStore } from "@/lib/auth/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const exists = (username: string) => new ApiError(409, "user_exists", `An account named ${username} exists.`);

export const GET = withApi({ access: "admin", cache: "live" }, () => ({ users: getAuthStore().listUsers() }));

export const POST = withApi({ access: "admin", body: CreateUserSchema }, async ({ body, principal }) => {
  const store = getAuthStore();
  if (store.userForSignIn(body.username)) throw exists(body.username);
  const passwordHash = await hashPassword(body.password);
  try {
    return store.audited(
      () => store.createUser({ ...body, domains: body.role === "viewer" ? body.domains : [], passwordHash }),
      (user) => ({ ...auditBy(principal!), action: "user.create", target: `user:${user.username}`, after: { role: user.role, domains: user.domains } }),
    );
  } catch (e) {
    // The same name created meanwhile (while the password was hashing): the unique index refuses it.
    if (e instanceof Error && "code" in e && e.code === "SQLITE_CONSTRAINT_UNIQUE") throw exists(body.username);
    throw e;
  }
});
