import "server-only";
/**
 * Password sign-in with lockout: MAX_FAILED_SIGNINS wrong passwords in a row lock the account for
 * LOCKOUT_MS, even for the right password. Unknown accounts cost a hash like known ones, and
 * every outcome is recorded in the audit trail.
 */
import { getTwin } from "@/lib/twin/runtime";
import { dummyHash, verifyPassword } from "./password";
import { LOCKOUT_MS, type AuthStore, type UserRecord } from "./store";

export type SignInResult =
  | { ok: true; user: UserRecord }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "locked"; lockedUntil: number };

export async function signInWithPassword(store: AuthStore, username: string, password: string, now = Date.now()): Promise<SignInResult> {
  const found = username ? store.userForSignIn(username) : null;
  if (!found || !found.passwordHash || found.user.disabled) {
    await verifyPassword(password, await dummyHash());
    audit(username || "(empty)", "signin.failed", { reason: found?.user.disabled ? "disabled" : "unknown or SSO-only account" });
    return { ok: false, reason: "invalid" };
  }
  const { user, passwordHash } = found;
  if (user.lockedUntil !== null && user.lockedUntil > now) {
    audit(user.username, "signin.refused", { reason: "locked", lockedUntil: new Date(user.lockedUntil).toISOString() });
    return { ok: false, reason: "locked", lockedUntil: user.lockedUntil };
  }
  if (!(await verifyPassword(password, passwordHash))) {
    const r = store.recordFailedSignIn(user.id, now);
    audit(user.username, r.locked ? "signin.locked" : "signin.failed", r.locked ? { lockedForMinutes: LOCKOUT_MS / 60_000 } : { reason: "wrong password" });
    return r.locked ? { ok: false, reason: "locked", lockedUntil: r.lockedUntil! } : { ok: false, reason: "invalid" };
  }
  if (!store.recordSignIn(user.id, now)) {
    const lockedUntil = store.getUser(user.id)?.lockedUntil ?? now + LOCKOUT_MS;
    audit(user.username, "signin.refused", { reason: "locked", lockedUntil: new Date(lockedUntil).toISOString() });
    return { ok: false, reason: "locked", lockedUntil };
  }
  audit(user.username, "signin", { role: user.role });
  return { ok: true, user };
}

function audit(actor: string, action: string, after: unknown): void {
  // The audit trail never blocks a sign-in (a read-only store still lets people in to see data).
  getTwin()
    .recordAudit({ actor, role: "-", action, target: `user:${actor}`, after })
    .catch((err: unknown) => console.error("[auth] could not record", action, err instanceof Error ? err.message : err));
}
