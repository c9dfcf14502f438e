import "server-only";
/**
 * First start: with no account yet, create an admin and print how to sign in. The password is
 * TWINOPS_ADMIN_PASSWORD when set (never printed), otherwise a random one printed once.
 */
import { hashPassword, passwordProblem, randomPassword } from "./password";
import type { OperationsStore } from "@/lib/ops/port";
import type { Env } from "@/lib/config/env";

export async function ensureAdmin(store: OperationsStore, env: Pick<Env, "TWINOPS_ADMIN_USER" | "TWINOPS_ADMIN_PASSWORD">, log: (line: string) => void): Promise<void> {
  if ((await store.userCount()) > 0) return;
  const username = env.TWINOPS_ADMIN_USER;
  const given = env.TWINOPS_ADMIN_PASSWORD;
  if (given !== undefined) {
    const problem = passwordProblem(given);
    if (problem) throw new Error(`TWINOPS_ADMIN_PASSWORD ${problem}`);
  }
  const password = given || randomPassword();
  // The first account is made by the start-up itself: no one to record as its author.
  await store.createUser({ username, role: "admin", passwordHash: await hashPassword(password) }, null);
  log(
    given
      ? `[auth] created the first admin account "${username}" with the password in TWINOPS_ADMIN_PASSWORD; sign in at /signin`
      : `[auth] created the first admin account: sign in at /signin as "${username}" with password ${password}\n[auth] (shown only now; add people and wall device tokens under /admin)`,
  );
}
