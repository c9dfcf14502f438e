import { describe, expect, it } from "vitest";
import { LOCKOUT_MS, MAX_FAILED_SIGNINS, SESSION_MS, AuthStore } from "./store";

const store = () => new AuthStore(":memory:");

describe("auth store", () => {
  it("locks an account after MAX_FAILED_SIGNINS failures in a row, for LOCKOUT_MS", () => {
    const s = store();
    const u = s.createUser({ username: "li.wei", role: "operator", passwordHash: "x" });
    for (let i = 1; i < MAX_FAILED_SIGNINS; i++) expect(s.recordFailedSignIn(u.id, 1000).locked).toBe(false);
    const r = s.recordFailedSignIn(u.id, 1000);
    expect(r).toEqual({ locked: true, lockedUntil: 1000 + LOCKOUT_MS });
    expect(s.getUser(u.id)!.lockedUntil).toBe(1000 + LOCKOUT_MS);
    expect(s.recordSignIn(u.id, 1000 + LOCKOUT_MS)).toBe(true);
    expect(s.getUser(u.id)).toMatchObject({ failed: 0, lockedUntil: null });
  });

  it("keeps a lock in force against guesses that finish after it, and refuses a right password then", () => {
    // Parallel guesses all pass the lock check before their hash; the late ones must not unlock.
    const s = store();
    const u = s.createUser({ username: "li.wei", role: "operator", passwordHash: "x" });
    for (let i = 0; i < MAX_FAILED_SIGNINS; i++) s.recordFailedSignIn(u.id, 1000);
    for (let i = 0; i < 3 * MAX_FAILED_SIGNINS; i++) {
      expect(s.recordFailedSignIn(u.id, 1000 + i)).toEqual({ locked: true, lockedUntil: 1000 + LOCKOUT_MS });
    }
    expect(s.recordSignIn(u.id, 2000)).toBe(false);
    expect(s.getUser(u.id)!.lockedUntil).toBe(1000 + LOCKOUT_MS);
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
