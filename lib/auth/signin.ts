import "server-only";
/**
 * Password sign-in with lockout per (account, client) and an account-wide ceiling (the numbers
 * and why: lib/ops/auth-rules.ts, docs/security.md). Every attempt costs one password hash, whether
 * the account exists, is disabled, has no password or is locked, and a name that is no account
 * is counted and locked exactly like one that is: neither the answer nor its time says which
 * accounts exist. A right password whose hash is below the current cost is rehashed. Every
 * outcome is recorded in the audit trail.
 */
import { getTwin } from "@/lib/twin/runtime";
import { dummyHash, hashPassword, needsRehash, verifyPassword } from "./password";
import type { AuditEntry } from "@/lib/twin/types";
import type { OperationsStore, UserRecord } from "@/lib/ops/port";

export type SignInResult =
  | { ok: true; user: UserRecord }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "locked"; lockedUntil: number };

/**
 * Checks `password` for `username` coming from `client` (a `clientKey`, e.g. `ip:192.0.2.7`).
 * `now` is epoch milliseconds of the real clock.
 */
export async function signInWithPassword(store: OperationsStore, username: string, password: string, client: string, now = Date.now()): Promise<SignInResult> {
  const dummy = await dummyHash();
  const lock = await store.signInLock(username, client, now);
  const found = username ? await store.userForSignIn(username) : null;
  const account = found && found.passwordHash !== null && !found.user.disabled ? { user: found.user, hash: found.passwordHash } : null;
  // One hash on every path, also when locked: the time of the answer must not tell a locked or
  // known account from an unknown one.
  const match = (await verifyPassword(password, account?.hash ?? dummy)) && account !== null;
  const actor = username || "(empty)";
  if (lock) {
    audit(actor, "signin.refused", { reason: `locked (${lock.scope})`, client, lockedUntil: new Date(lock.until).toISOString() });
    return { ok: false, reason: "locked", lockedUntil: lock.until };
  }
  if (!match || !account) {
    const locked = await store.recordFailedSignIn(username, client, now);
    const reason = !found ? "unknown account" : found.user.disabled ? "disabled" : account ? "wrong password" : "SSO-only account";
    audit(actor, locked ? "signin.locked" : "signin.failed", locked ? { reason, client, scope: locked.scope, lockedUntil: new Date(locked.until).toISOString() } : { reason, client });
    return locked ? { ok: false, reason: "locked", lockedUntil: locked.until } : { ok: false, reason: "invalid" };
  }
  const { user } = account;
  if (!(await store.recordSignIn(username, client, now))) {
    const until = (await store.signInLock(username, client, now))?.until ?? now;
    audit(user.username, "signin.refused", { reason: "locked while checking", client, lockedUntil: new Date(until).toISOString() });
    return { ok: false, reason: "locked", lockedUntil: until };
  }
  if (needsRehash(account.hash)) await store.rehashPassword(user.id, account.hash, await hashPassword(password));
  audit(user.username, "signin", { role: user.role });
  return { ok: true, user };
}

function audit(actor: string, action: string, after: unknown): void {
  void auditSignIn({ actor, role: "-", action, target: `user:${actor}`, after });
}

/**
 * Records a sign-in (password, SSO or wall device) in the audit trail, best effort: the trail never
 * blocks a sign-in (a read-only store still lets people in to see data); a failure is logged.
 */
export function auditSignIn(entry: Omit<AuditEntry, "at">): Promise<void> {
  return getTwin()
    .recordAudit(entry)
    .catch((err: unknown) => console.error("[auth] could not record", entry.action, err instanceof Error ? err.message : err));
}
