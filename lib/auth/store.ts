import "server-only";
/**
 * Accounts, sessions and tokens, in the operations store (`TWINOPS_OPS_DB_PATH`: a file of its
 * own, beside the twin's, which a rebuild of the twin never touches; see lib/ops/schema.ts). Secrets are stored only as hashes: a copy of the database opens no session and no
 * token. Times are epoch milliseconds of the real clock.
 */
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type Database from "better-sqlite3";
import { auditParams, insertAuditSql, OPS_MIGRATIONS } from "@/lib/ops/schema";
import { migrate } from "@/lib/store/migrate";
import { openSqlite } from "@/lib/store/sqlite";
import type { AuditEntry } from "@/lib/twin/types";
import { DOMAINS, type Domain } from "@/lib/twin/types";
import type { Role } from "./roles";

/** Failed sign-ins in a row that lock an account, and for how long. */
export const MAX_FAILED_SIGNINS = 5;
export const LOCKOUT_MS = 15 * 60_000;
/** A session lasts one long shift. */
export const SESSION_MS = 12 * 3600_000;

export type TokenKind = "device" | "feed";

/** An audit record of an account or token change (the store adds the time). */
export type AuditInput = Omit<AuditEntry, "at">;

export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  domains: Domain[];
  hasPassword: boolean;
  oidc: boolean;
  failed: number;
  lockedUntil: number | null;
  disabled: boolean;
  createdAt: number;
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: string;
  domains: string;
  password_hash: string | null;
  oidc_issuer: string | null;
  oidc_sub: string | null;
  failed: number;
  locked_until: number | null;
  disabled: number;
  created_at: number;
}

export interface TokenRecord {
  id: string;
  kind: TokenKind;
  name: string;
  /** Boards (device tokens) or domains written (feed tokens; empty = all). */
  scope: string[];
  createdBy: string;
  createdAt: number;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

interface TokenRow {
  id: string;
  kind: string;
  name: string;
  secret_hash: string;
  scope: string;
  created_by: string;
  created_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("base64url");

function parseDomains(json: string): Domain[] {
  const v = JSON.parse(json) as unknown;
  return Array.isArray(v) ? DOMAINS.filter((d) => v.includes(d)) : [];
}

function toUser(r: UserRow): UserRecord {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role as Role,
    domains: parseDomains(r.domains),
    hasPassword: r.password_hash !== null,
    oidc: r.oidc_sub !== null,
    failed: r.failed,
    lockedUntil: r.locked_until,
    disabled: r.disabled === 1,
    createdAt: r.created_at,
  };
}

function toToken(r: TokenRow): TokenRecord {
  return {
    id: r.id,
    kind: r.kind as TokenKind,
    name: r.name,
    scope: JSON.parse(r.scope) as string[],
    createdBy: r.created_by,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
  };
}

export class AuthStore {
  readonly db: Database.Database;
  /** Key for session cookie signatures and CSRF tokens; made once per database. */
  readonly secret: Buffer;

  constructor(file: string) {
    this.db = openSqlite(file);
    migrate(this.db, "operations", OPS_MIGRATIONS);
    const row = this.db.prepare<[], { value: string }>("SELECT value FROM auth_meta WHERE key = 'secret'").get();
    if (row) this.secret = Buffer.from(row.value, "base64url");
    else {
      this.secret = randomBytes(32);
      this.db.prepare("INSERT INTO auth_meta (key, value) VALUES ('secret', ?)").run(this.secret.toString("base64url"));
    }
  }

  close(): void {
    this.db.close();
  }

  /**
   * Runs an account or token change and writes its audit record in one transaction: a crash
   * leaves both or neither, so no change goes unrecorded. `entry` sees the change's result and
   * may return null (nothing changed, nothing to record).
   */
  audited<T>(change: () => T, entry: (result: T) => AuditInput | null, now = Date.now()): T {
    return this.db.transaction(() => {
      const result = change();
      const e = entry(result);
      if (e) this.db.prepare(insertAuditSql("main")).run(auditParams({ ...e, at: now }));
      return result;
    })();
  }

  /** HMAC of `value` under this store's secret (base64url). */
  sign(value: string): string {
    return createHmac("sha256", this.secret).update(value).digest("base64url");
  }

  verifySignature(value: string, signature: string): boolean {
    const a = Buffer.from(this.sign(value));
    const b = Buffer.from(signature);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  // ---- users

  userCount(): number {
    return this.db.prepare<[], { n: number }>("SELECT count(*) AS n FROM auth_users").get()?.n ?? 0;
  }

  createUser(u: { username: string; displayName?: string; role: Role; domains?: readonly Domain[]; passwordHash?: string | null }, now = Date.now()): UserRecord {
    const id = randomUUID();
    this.db
      .prepare(
        "INSERT INTO auth_users (id, username, display_name, role, domains, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      )
      .run(id, u.username, u.displayName ?? u.username, u.role, JSON.stringify(u.domains ?? []), u.passwordHash ?? null, now);
    return this.getUser(id)!;
  }

  getUser(id: string): UserRecord | null {
    const r = this.db.prepare<[string], UserRow>("SELECT * FROM auth_users WHERE id = ?").get(id);
    return r ? toUser(r) : null;
  }

  /** The user and its password hash, for sign-in. Usernames compare case-insensitively. */
  userForSignIn(username: string): { user: UserRecord; passwordHash: string | null } | null {
    const r = this.db.prepare<[string], UserRow>("SELECT * FROM auth_users WHERE username = ?").get(username);
    return r ? { user: toUser(r), passwordHash: r.password_hash } : null;
  }

  listUsers(): UserRecord[] {
    return this.db.prepare<[], UserRow>("SELECT * FROM auth_users ORDER BY username").all().map(toUser);
  }

  updateUser(id: string, patch: { role?: Role; domains?: readonly Domain[]; disabled?: boolean; passwordHash?: string; displayName?: string }): UserRecord | null {
    const cur = this.getUser(id);
    if (!cur) return null;
    this.db
      .prepare("UPDATE auth_users SET role = ?, domains = ?, disabled = ?, display_name = ? WHERE id = ?")
      .run(patch.role ?? cur.role, JSON.stringify(patch.domains ?? cur.domains), (patch.disabled ?? cur.disabled) ? 1 : 0, patch.displayName ?? cur.displayName, id);
    if (patch.passwordHash) {
      this.db.prepare("UPDATE auth_users SET password_hash = ?, failed = 0, locked_until = NULL WHERE id = ?").run(patch.passwordHash, id);
    }
    if (patch.disabled || patch.passwordHash || patch.role || patch.domains) this.deleteUserSessions(id);
    return this.getUser(id);
  }

  /**
   * Counts a failed sign-in; the MAX_FAILED_SIGNINS-th in a row locks the account for LOCKOUT_MS.
   * A lock in force stays as it is: wrong guesses sent in parallel all pass the lock check before
   * their (slow) hash, and the ones finishing after the lock must not reset it.
   */
  recordFailedSignIn(id: string, now = Date.now()): { locked: boolean; lockedUntil: number | null } {
    return this.db.transaction(() => {
      const u = this.getUser(id);
      if (!u) return { locked: false, lockedUntil: null };
      if (u.lockedUntil !== null && u.lockedUntil > now) return { locked: true, lockedUntil: u.lockedUntil };
      const failed = u.failed + 1;
      const lockedUntil = failed >= MAX_FAILED_SIGNINS ? now + LOCKOUT_MS : null;
      this.db
        .prepare("UPDATE auth_users SET failed = ?, locked_until = ? WHERE id = ?")
        .run(lockedUntil ? 0 : failed, lockedUntil, id);
      return { locked: lockedUntil !== null, lockedUntil };
    })();
  }

  /**
   * Records a right password: clears the failure count, unless the account was locked while the
   * password was being checked (a parallel wrong guess locked it). Returns false then, and the
   * sign-in is refused like any other during the lock.
   */
  recordSignIn(id: string, now = Date.now()): boolean {
    return (
      this.db
        .prepare("UPDATE auth_users SET failed = 0, locked_until = NULL WHERE id = ? AND (locked_until IS NULL OR locked_until <= ?)")
        .run(id, now).changes === 1
    );
  }

  /**
   * The account for an OpenID Connect subject, created on first sign-in; role and domains follow
   * the claims. A creation, or a role or domains the provider changed, is an audit record (by
   * "(sso)", before and after) in the same transaction.
   */
  upsertOidcUser(u: { issuer: string; sub: string; username: string; displayName: string; role: Role; domains: readonly Domain[] }, now = Date.now()): UserRecord {
    const rights = (x: { role: Role; domains: readonly Domain[] }) => ({ role: x.role, domains: [...x.domains] });
    const record = (action: string, username: string, before: unknown, after: unknown) =>
      this.db.prepare(insertAuditSql("main")).run(auditParams({ actor: "(sso)", role: "-", action, target: `user:${username}`, before, after, at: now }));
    return this.db.transaction(() => {
      const found = this.db
        .prepare<[string, string], UserRow>("SELECT * FROM auth_users WHERE oidc_issuer = ? AND oidc_sub = ?")
        .get(u.issuer, u.sub);
      if (found) {
        const before = toUser(found);
        this.db
          .prepare("UPDATE auth_users SET role = ?, domains = ?, display_name = ? WHERE id = ?")
          .run(u.role, JSON.stringify(u.domains), u.displayName, found.id);
        const after = this.getUser(found.id)!;
        if (JSON.stringify(rights(before)) !== JSON.stringify(rights(after))) record("user.update", after.username, rights(before), rights(after));
        return after;
      }
      // A local account with the same name is never taken over by an SSO subject.
      let username = u.username;
      for (let i = 2; this.userForSignIn(username); i++) username = `${u.username}-${i}`;
      const id = randomUUID();
      this.db
        .prepare(
          "INSERT INTO auth_users (id, username, display_name, role, domains, oidc_issuer, oidc_sub, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .run(id, username, u.displayName, u.role, JSON.stringify(u.domains), u.issuer, u.sub, now);
      record("user.create", username, null, { ...rights(u), issuer: u.issuer });
      return this.getUser(id)!;
    })();
  }

  // ---- sessions

  /** A new session; returns the secret id that goes (signed) into the cookie. */
  createSession(userId: string, now = Date.now()): string {
    const sid = randomBytes(32).toString("base64url");
    this.db.prepare("DELETE FROM auth_sessions WHERE expires_at < ?").run(now);
    this.db.prepare("INSERT INTO auth_sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)").run(sha256(sid), userId, now, now + SESSION_MS);
    return sid;
  }

  /** The signed-in, enabled user of a live session, or null. */
  sessionUser(sid: string, now = Date.now()): UserRecord | null {
    const s = this.db
      .prepare<[string], { user_id: string; expires_at: number }>("SELECT user_id, expires_at FROM auth_sessions WHERE id_hash = ?")
      .get(sha256(sid));
    if (!s || s.expires_at <= now) return null;
    const u = this.getUser(s.user_id);
    return u && !u.disabled ? u : null;
  }

  deleteSession(sid: string): void {
    this.db.prepare("DELETE FROM auth_sessions WHERE id_hash = ?").run(sha256(sid));
  }

  deleteUserSessions(userId: string): void {
    this.db.prepare("DELETE FROM auth_sessions WHERE user_id = ?").run(userId);
  }

  // ---- device and feed tokens

  /** Issues a token; the secret is returned once (`twk_<id>_<secret>`) and stored only as a hash. */
  issueToken(kind: TokenKind, name: string, scope: readonly string[], createdBy: string, now = Date.now()): { token: string; record: TokenRecord } {
    const id = randomBytes(9).toString("base64url").replace(/[-_]/g, "x");
    const secret = randomBytes(32).toString("base64url");
    this.db
      .prepare("INSERT INTO auth_tokens (id, kind, name, secret_hash, scope, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .run(id, kind, name, sha256(secret), JSON.stringify(scope), createdBy, now);
    return { token: `twk_${id}_${secret}`, record: this.getToken(id)! };
  }

  getToken(id: string): TokenRecord | null {
    const r = this.db.prepare<[string], TokenRow>("SELECT * FROM auth_tokens WHERE id = ?").get(id);
    return r ? toToken(r) : null;
  }

  /** The live (unrevoked) token of this kind that `token` is, or null. */
  verifyToken(token: string, kind: TokenKind, now = Date.now()): TokenRecord | null {
    const m = /^twk_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/.exec(token);
    if (!m) return null;
    const r = this.db.prepare<[string], TokenRow>("SELECT * FROM auth_tokens WHERE id = ?").get(m[1]!);
    if (!r || r.kind !== kind || r.revoked_at !== null) return null;
    const a = Buffer.from(sha256(m[2]!));
    const b = Buffer.from(r.secret_hash);
    if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
    // Last use to the minute: enough to spot a dead wall, without a write per request. Only
    // bookkeeping: a store that cannot be written (read-only, full) must not refuse a valid token.
    if (r.last_used_at === null || now - r.last_used_at > 60_000) {
      try {
        this.db.prepare("UPDATE auth_tokens SET last_used_at = ? WHERE id = ?").run(now, r.id);
      } catch {
        // Reads go on; the next use after the store recovers records the time.
      }
    }
    return toToken(r);
  }

  listTokens(kind?: TokenKind): TokenRecord[] {
    const rows = kind
      ? this.db.prepare<[string], TokenRow>("SELECT * FROM auth_tokens WHERE kind = ? ORDER BY created_at DESC").all(kind)
      : this.db.prepare<[], TokenRow>("SELECT * FROM auth_tokens ORDER BY created_at DESC").all();
    return rows.map(toToken);
  }

  revokeToken(id: string, now = Date.now()): TokenRecord | null {
    this.db.prepare("UPDATE auth_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL").run(now, id);
    return this.getToken(id);
  }
}
