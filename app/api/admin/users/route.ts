import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/handler";
import { hashPassword } from "@/lib/auth/password";
import { auditBy } from "@/lib/auth/roles";
import { CreateUserSchema } from "@/lib/auth/schemas";
import { USER_EXISTS } from "@/lib/ops/auth-rules";
import { getOpsStore } from "@/lib/ops/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const exists = (username: string) => new ApiError(409, "user_exists", `An account named ${username} exists.`);

export const GET = withApi({ access: "admin", cache: "live" }, async () => ({ users: await (await getOpsStore()).listUsers() }));

export const POST = withApi({ access: "admin", body: CreateUserSchema }, async ({ body, principal }) => {
  const store = await getOpsStore();
  if (await store.userForSignIn(body.username)) throw exists(body.username);
  const passwordHash = await hashPassword(body.password);
  try {
    return await store.createUser({ ...body, domains: body.role === "viewer" ? body.domains : [], passwordHash }, auditBy(principal!));
  } catch (e) {
    // The same name created meanwhile (while the password was hashing): the unique index refuses it.
    // By name, not instanceof: the store was opened by another bundle (instrumentation), whose
    // copy of the class is not this route's.
    if (e instanceof Error && e.name === USER_EXISTS) throw exists(body.username);
    throw e;
  }
});
