import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  ACCOUNT_LOCKOUT_MS,
  ACCOUNT_MAX_FAILURES,
  ACCOUNT_WINDOW_MS,
  CLIENT_LOCKOUT_MAX_MS,
  CLIENT_LOCKOUT_MS,
  FAILURES_FORGOTTEN_MS,
  MAX_FAILED_SIGNINS,
  SESSION_MS,
  AuthStore,
} from "./store";

const store = () => new AuthStore(":memory:");

describe("auth store", () => {
  it("locks an account for one client after MAX_FAILED_SIGNINS failures in a row, other clients not at all", () => {
    const s = store();
    const u = s.createUser({ username: "li.wei", role: "operator", passwordHash: "x" });
    for (let i = 1; i < MAX_FAILED_SIGNINS; i++) expect(s.recordFailedSignIn("li.wei", "ip:a", 1000)).toBeNull();
    expect(s.recordFailedSignIn("Li.Wei", "ip:a", 1000)).toEqual({ until: 1000 + CLIENT_LOCKOUT_MS, scope: "client" });
    expect(s.signInLock("li.wei", "ip:a", 1000)).toEqual({ until: 1000 + CLIENT_LOCKOUT_MS, scope: "client" });
    // Another client is not locked, and the account as such is not either.
    expect(s.signInLock("li.wei", "ip:b", 1000)).toBeNull();
    expect(s.recordSignIn("li.wei", "ip:b", 1000)).toBe(true);
    expect(s.getUser(u.id)).toMatchObject({ failed: MAX_FAILED_SIGNINS, lockedUntil: null });
    // The locked client gets in once its lock is over, and its failures are forgotten.
    expect(s.recordSignIn("li.wei", "ip:a", 1000)).toBe(false);
    expect(s.recordSignIn("li.wei", "ip:a", 1000 + CLIENT_LOCKOUT_MS)).toBe(true);
    for (let i = 1; i < MAX_FAILED_SIGNINS; i++) expect(s.recordFailedSignIn("li.wei", "ip:a", 2 * CLIENT_LOCKOUT_MS)).toBeNull();
  });

  it("doubles a client's lock at each further failure, up to CLIENT_LOCKOUT_MAX_MS, and forgets a quiet client", () => {
    const s = store();
    let t = 0;
    for (let i = 1; i < MAX_FAILED_SIGNINS; i++) s.recordFailedSignIn("li.wei", "ip:a", t);
    const locks: number[] = [];
    for (let i = 0; i < 8; i++) {
      const lock = s.recordFailedSignIn("li.wei", "ip:a", t);
      locks.push(lock!.until - t);
      t = lock!.until;
    }
    expect(locks.map((ms) => ms / CLIENT_LOCKOUT_MS)).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);
    expect(CLIENT_LOCKOUT_MAX_MS).toBe(60 * CLIENT_LOCKOUT_MS);
    // A day without a failure: the count starts again.
    expect(s.recordFailedSignIn("li.wei", "ip:a", t + FAILURES_FORGOTTEN_MS + 1)).toBeNull();
  });

  it("keeps a lock in force against guesses that finish after it, and refuses a right password then", () => {
    // Parallel guesses all pass the lock check before their hash; the late ones must not unlock or lengthen it.
    const s = store();
    s.createUser({ username: "li.wei", role: "operator", passwordHash: "x" });
    for (let i = 0; i < MAX_FAILED_SIGNINS; i++) s.recordFailedSignIn("li.wei", "ip:a", 1000);
    for (let i = 0; i < 3 * MAX_FAILED_SIGNINS; i++) {
      expect(s.recordFailedSignIn("li.wei", "ip:a", 1000 + i)).toEqual({ until: 1000 + CLIENT_LOCKOUT_MS, scope: "client" });
    }
    expect(s.recordSignIn("li.wei", "ip:a", 2000)).toBe(false);
    expect(s.signInLock("li.wei", "ip:a", 2000)?.until).toBe(1000 + CLIENT_LOCKOUT_MS);
  });

  it("locks the account for every client at ACCOUNT_MAX_FAILURES failures within the window, spread over many clients", () => {
    const s = store();
    const u = s.createUser({ username: "admin", role: "admin", passwordHash: "x" });
    // Each client stays under its own limit.
    let lock = null;
    for (let i = 0; i < ACCOUNT_MAX_FAILURES; i++) lock = s.recordFailedSignIn("admin", `ip:10.0.${i >> 8}.${i & 255}`, 1000 + i);
    const until = 1000 + ACCOUNT_MAX_FAILURES - 1 + ACCOUNT_LOCKOUT_MS;
    expect(lock).toEqual({ until, scope: "account" });
    expect(s.signInLock("admin", "ip:192.0.2.1", 5000)).toEqual({ until, scope: "account" });
    expect(s.recordSignIn("admin", "ip:192.0.2.1", 5000)).toBe(false);
    expect(s.getUser(u.id)?.lockedUntil).toBe(until);
    // Failures further apart than the window do not add up.
    const t = until + 1;
    for (let i = 0; i < 2 * ACCOUNT_MAX_FAILURES; i++) {
      expect(s.recordFailedSignIn("admin", `ip:10.1.${i >> 8}.${i & 255}`, t + i * Math.ceil(ACCOUNT_WINDOW_MS / (ACCOUNT_MAX_FAILURES - 1)))).toBeNull();
    }
    // An unlock (admin, `npm run admin -- unlock`) clears it all.
    for (let i = 0; i < MAX_FAILED_SIGNINS; i++) s.recordFailedSignIn("admin", "ip:a", t);
    s.clearSignInFailures("ADMIN");
    expect(s.signInLock("admin", "ip:a", t)).toBeNull();
    expect(s.db.prepare("SELECT count(*) AS n FROM auth_signin_failures").get()).toEqual({ n: 0 });
  });

  it("counts and locks a name that is no account exactly like one that is", () => {
    const s = store();
    s.createUser({ username: "known", role: "operator", passwordHash: "x" });
    for (let i = 0; i < MAX_FAILED_SIGNINS - 1; i++) {
      expect(s.recordFailedSignIn("known", "ip:a", 1000)).toEqual(s.recordFailedSignIn("unknown", "ip:a", 1000));
    }
    const known = s.recordFailedSignIn("known", "ip:a", 1000);
    expect(known).not.toBeNull();
    expect(s.recordFailedSignIn("unknown", "ip:a", 1000)).toEqual(known);
    expect(s.signInLock("unknown", "ip:a", 1000)).toEqual(s.signInLock("known", "ip:a", 1000));
  });

  it("a new password set by an admin unlocks the account for every client", () => {
    const s = store();
    const u = s.createUser({ username: "li.wei", role: "operator", passwordHash: "x" });
    for (let i = 0; i < MAX_FAILED_SIGNINS; i++) s.recordFailedSignIn("li.wei", "ip:a", Date.now());
    expect(s.signInLock("li.wei", "ip:a")).not.toBeNull();
    s.updateUser(u.id, { passwordHash: "y" });
    expect(s.signInLock("li.wei", "ip:a")).toBeNull();
  });

  it("replaces a hash with a rehash only while it is unchanged", () => {
    const s = store();
    const u = s.createUser({ username: "li.wei", role: "operator", passwordHash: "old" });
    expect(s.rehashPassword(u.id, "stale", "new")).toBe(false);
    expect(s.rehashPassword(u.id, "old", "new")).toBe(true);
    expect(s.userForSignIn("li.wei")?.passwordHash).toBe("new");
  });

  it("writes an account change and its audit record together, or neither", () => {
    const s = store();
    const audit = () => s.db.prepare<[], { action: string; target: string; after: string }>("SELECT action, target, after FROM audit ORDER BY seq").all();
    const by = { actor: "admin", role: "admin" };
    const u = s.audited(
      () => s.createUser({ username: "chen.jie", role: "operator" }),
      (user) => ({ ...by, action: "user.create", target: `user:${user.username}`, after: { role: user.role } }),
    );
    expect(audit()).toEqual([{ action: "user.create", target: "user:chen.jie", after: '{"role":"operator"}' }]);
    // The record cannot be written (here: its builder fails): the change is rolled back too.
    expect(() =>
      s.audited(
        () => s.updateUser(u.id, { role: "admin" }),
        () => {
          throw new Error("disk full");
        },
      ),
    ).toThrow("disk full");
    expect(s.getUser(u.id)?.role).toBe("operator");
    // The change fails: no record.
    expect(() => s.audited(() => s.createUser({ username: "CHEN.JIE", role: "viewer" }), () => ({ ...by, action: "user.create", target: "user:CHEN.JIE" }))).toThrow();
    // Nothing changed (null): nothing recorded.
    s.audited(() => null, () => null);
    expect(audit()).toHaveLength(1);
  });

  it("finds accounts case-insensitively and keeps names unique", () => {
    const s = store();
    s.createUser({ username: "Li.Wei", role: "viewer", domains: ["energy"] });
    expect(s.userForSignIn("li.wei")?.user.domains).toEqual(["energy"]);
    expect(() => s.createUser({ username: "li.wei", role: "admin" })).toThrow();
  });

  it("sessions expire, end on sign-out, and end when the account is disabled or changed", () => {
    const s = store();
    const u = s.createUser({ username: "a", role: "admin" });
    const sid = s.createSession(u.id, 0);
    expect(s.sessionUser(sid, 1)?.id).toBe(u.id);
    expect(s.sessionUser(sid, SESSION_MS + 1)).toBeNull();
    const sid2 = s.createSession(u.id);
    s.updateUser(u.id, { disabled: true });
    expect(s.sessionUser(sid2)).toBeNull();
    const sid3 = s.createSession(u.id);
    s.deleteSession(sid3);
    expect(s.sessionUser(sid3)).toBeNull();
  });

  it("stores only hashes: a session id or token is useless without its secret", () => {
    const s = store();
    const u = s.createUser({ username: "a", role: "admin" });
    const sid = s.createSession(u.id);
    const { token } = s.issueToken("device", "wall 1", ["city"], "a");
    const dump = JSON.stringify(s.db.prepare("SELECT * FROM auth_sessions").all()) + JSON.stringify(s.db.prepare("SELECT * FROM auth_tokens").all());
    expect(dump).not.toContain(sid);
    // The secret is everything after "twk_<id>_" (it may itself contain "_").
    expect(dump).not.toContain(token.slice("twk_".length + 13));
  });

  it("tokens verify for their kind only, and never once revoked or tampered with", () => {
    const s = store();
    const { token, record } = s.issueToken("device", "wall 1", ["city", "energy"], "admin");
    expect(s.verifyToken(token, "device")?.scope).toEqual(["city", "energy"]);
    expect(s.verifyToken(token, "feed")).toBeNull();
    expect(s.verifyToken(`${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`, "device")).toBeNull();
    expect(s.verifyToken("twk_nonsense", "device")).toBeNull();
    s.revokeToken(record.id);
    expect(s.verifyToken(token, "device")).toBeNull();
  });

  it("an SSO subject gets its own account, never a local one's, and follows its claims", () => {
    const s = store();
    s.createUser({ username: "chen", role: "admin" });
    const a = s.upsertOidcUser({ issuer: "https://sso", sub: "42", username: "chen", displayName: "Chen", role: "viewer", domains: ["health"] });
    expect(a.username).toBe("chen-2");
    expect(a.role).toBe("viewer");
    const b = s.upsertOidcUser({ issuer: "https://sso", sub: "42", username: "chen", displayName: "Chen", role: "operator", domains: [] });
    expect(b.id).toBe(a.id);
    expect(b.role).toBe("operator");
    s.upsertOidcUser({ issuer: "https://sso", sub: "42", username: "chen", displayName: "Chen", role: "operator", domains: [] });
    // Creation and the provider's role change are on the audit trail; an unchanged sign-in is not.
    const audit = s.db.prepare<[], { actor: string; action: string; before: string | null; after: string }>("SELECT actor, action, before, after FROM audit ORDER BY seq").all();
    expect(audit.map((r) => [r.actor, r.action])).toEqual([
      ["(sso)", "user.create"],
      ["(sso)", "user.update"],
    ]);
    expect(JSON.parse(audit[1]!.before!)).toEqual({ role: "viewer", domains: ["health"] });
    expect(JSON.parse(audit[1]!.after)).toEqual({ role: "operator", domains: [] });
  });

  it("signs with a per-database secret that survives reopening", () => {
    const s = store();
    expect(s.verifySignature("v", s.sign("v"))).toBe(true);
    expect(s.verifySignature("v", s.sign("w"))).toBe(false);
    expect(new AuthStore(":memory:").verifySignature("v", s.sign("v"))).toBe(false);
  });
});

describe("session-signing secret from the environment", () => {
  const A = "a".repeat(32) + "-first-secret";
  const B = "b".repeat(32) + "-second-secret";

  it("signs with TWINOPS_SESSION_SECRET instead of the database's key, so a copy of the database forges nothing", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twinops-secret-"));
    try {
      const file = path.join(dir, "auth.db");
      const withEnv = new AuthStore(file, { secret: A });
      const signature = withEnv.sign("session-id");
      withEnv.close();
      // Another database, same secret: verifies. The same database without it (a stolen copy): does not.
      expect(new AuthStore(":memory:", { secret: A }).verifySignature("session-id", signature)).toBe(true);
      const copy = new AuthStore(file);
      expect(copy.verifySignature("session-id", signature)).toBe(false);
      // And what the database's own key signs is not accepted once the secret is set.
      expect(new AuthStore(file, { secret: A }).verifySignature("v", copy.sign("v"))).toBe(false);
      copy.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("rotates: the previous secret still verifies but no longer signs", () => {
    const before = new AuthStore(":memory:", { secret: A });
    const during = new AuthStore(":memory:", { secret: B, previousSecret: A });
    const after = new AuthStore(":memory:", { secret: B });
    const old = before.sign("sid");
    expect(during.verifySignature("sid", old)).toBe(true);
    expect(during.sign("sid")).not.toBe(old);
    expect(during.verifySignature("sid", during.sign("sid"))).toBe(true);
    expect(after.verifySignature("sid", old)).toBe(false);
    expect(during.verifySignature("sid", "x")).toBe(false);
  });
});
