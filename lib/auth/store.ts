import "server-only";
/**
 * Accounts, sessions and tokens, in the operations store (`TWINOPS_OPS_DB_PATH`: a file of its
 * own, beside the twin's, which a rebuild of the twin never touches; see lib/ops/schema.ts).
 * Secrets are stored only as hashes: a copy of the database opens no session and no token. Times are epoch milliseconds of the real clock.
 */
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type Database from "better-sqlite3";
import { auditParams, insertAuditSql, OPS_MIGRATIONS } from "@/lib/ops/schema";
import { migrate } from "@/lib/store/migrate";
import { openSqlite } from "@/lib/store/sqlite";
import type { AuditEntry } from "@/lib/twin/types";
import { DOMAINS, type Domain } from "@/lib/twin/types";
import type { Role } from "./roles";

/**
 * Password guessing is limited per (account, client), so a guesser locks out itself, not the
 * account's owner: MAX_FAILED_SIGNINS wrong passwords in a row from one client (IP address or
 * IPv6 /64, `clientKey`) lock that account for that client for CLIENT_LOCKOUT_MS, and every
 * further wrong one after a lock doubles the lock, up to CLIENT_LOCKOUT_MAX_MS. A client's
 * failures are forgotten after FAILURES_FORGOTTEN_MS without one, or at its right password.
 */
export const MAX_FAILED_SIGNINS = 5;
export const CLIENT_LOCKOUT_MS = 60_000;
export const CLIENT_LOCKOUT_MAX_MS = 60 * 60_000;
export const FAILURES_FORGOTTEN_MS = 24 * 3600_000;
/**
 * The ceiling across clients, against guessing spread over many addresses: ACCOUNT_MAX_FAILURES
 * wrong passwords for one account within ACCOUNT_WINDOW_MS lock it for every client for
 * ACCOUNT_LOCKOUT_MS. One client gets about 10 guesses an hour past its own lock, so tripping it
 * takes a dozen addresses at least, and guessing is held to ~100 an hour whatever the addresses.
 */
export const ACCOUNT_MAX_FAILURES = 100;
export const ACCOUNT_WINDOW_MS = 3600_000;
export const ACCOUNT_LOCKOUT_MS = 15 * 60_000;
/** The `client` of the per-account row. */
const ANY_CLIENT = "*";
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

interface FailureRow {
  failed: number;
  since: number;
  last_at: number;
  locked_until: number | null;
}

/** A sign-in lock: until when, and whether it holds for one client or for the whole account. */
export interface SignInLock {
  until: number;
  scope: "client" | "account";
}

/** The key failures are counted under: the name as typed, case-folded like usernames. */
const nameKey = (username: string) => username.trim().toLowerCase();

/** User columns, with the account-wide failure count and lock from auth_signin_failures. */
const USER_SELECT = `SELECT u.id, u.username, u.display_name, u.role, u.domains, u.password_hash, u.oidc_issuer, u.oidc_sub,
  coalesce(f.failed, 0) AS failed, f.locked_until AS locked_until, u.disabled, u.created_at
  FROM auth_users u LEFT JOIN auth_signin_failures f ON f.username = lower(u.username) AND f.client = '${ANY_CLIENT}'`;

const hmac = (key: Buffer, value: string) => createHmac("sha256", key).update(value).digest("base64url");
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

/** Keys for signatures: from the environment (TWINOPS_SESSION_SECRET[_PREVIOUS]) or else the database's. */
export interface AuthSecrets {
  /** Signs and verifies. Unset: a random key made once per database and kept in it. */
  secret?: string | undefined;
  /** Verifies only: the secret before a rotation, so sessions and CSRF tokens signed with it live on. */
  previousSecret?: string | undefined;
}

export class AuthStore {
  readonly db: Database.Database;
  /** Key for session cookie signatures, CSRF tokens and the SSO flow cookie. */
  readonly secret: Buffer;
  /** Keys a signature may also verify with (a rotated-out secret). */
  private readonly previousSecrets: Buffer[];

  constructor(file: string, secrets: AuthSecrets = {}) {
    this.db = openSqlite(file);
    migrate(this.db, "operations", OPS_MIGRATIONS);
    this.secret = secrets.secret ? Buffer.from(secrets.secret, "utf8") : this.databaseSecret();
    this.previousSecrets = secrets.previousSecret ? [Buffer.from(secrets.previousSecret, "utf8")] : [];
  }

  /**
   * The key kept in the database, made on first use. A copy of the database holds it: with
   * TWINOPS_SESSION_SECRET set it is not used at all (nor accepted), so a copy forges nothing.
   */
  private databaseSecret(): Buffer {
    const row = this.db.prepare<[], { value: string }>("SELECT value FROM auth_meta WHERE key = 'secret'").get();
    if (row) return Buffer.from(row.value, "base64url");
    const secret = randomBytes(32);
    this.db.prepare("INSERT INTO auth_meta (key, value) VALUES ('secret', ?)").run(secret.toString("base64url"));
    return secret;
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
    return hmac(this.secret, value);
  }

  /** True when `signature` is `value`'s under the secret or a previous one (during a rotation). */
  verifySignature(value: string, signature: string): boolean {
    const b = Buffer.from(signature);
    return [this.secret, ...this.previousSecrets].some((key) => {
      const a = Buffer.from(hmac(key, value));
      return a.length === b.length && timingSafeEqual(a, b);
    });
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
    const r = this.db.prepare<[string], UserRow>(`${USER_SELECT} WHERE u.id = ?`).get(id);
    return r ? toUser(r) : null;
  }

  /** The user and its password hash, for sign-in. Usernames compare case-insensitively. */
  userForSignIn(username: string): { user: UserRecord; passwordHash: string | null } | null {
    const r = this.db.prepare<[string], UserRow>(`${USER_SELECT} WHERE u.username = ?`).get(username);
    return r ? { user: toUser(r), passwordHash: r.password_hash } : null;
  }

  listUsers(): UserRecord[] {
    return this.db.prepare<[], UserRow>(`${USER_SELECT} ORDER BY u.username`).all().map(toUser);
  }

  updateUser(id: string, patch: { role?: Role; domains?: readonly Domain[]; disabled?: boolean; passwordHash?: string; displayName?: string }): UserRecord | null {
    const cur = this.getUser(id);
    if (!cur) return null;
    this.db
      .prepare("UPDATE auth_users SET role = ?, domains = ?, disabled = ?, display_name = ? WHERE id = ?")
      .run(patch.role ?? cur.role, JSON.stringify(patch.domains ?? cur.domains), (patch.disabled ?? cur.disabled) ? 1 : 0, patch.displayName ?? cur.displayName, id);
    if (patch.passwordHash) {
      this.db.prepare("UPDATE auth_users SET password_hash = ? WHERE id = ?").run(patch.passwordHash, id);
      this.clearSignInFailures(cur.username);
    }
    if (patch.disabled || patch.passwordHash || patch.role || patch.domains) this.deleteUserSessions(id);
    return this.getUser(id);
  }

  /**
   * Replaces a password hash with one of the same password at the current cost (at sign-in);
   * only if the hash is still `old`, so a password an admin set meanwhile stays. Sessions stay.
   */
  rehashPassword(id: string, old: string, hash: string): boolean {
    return this.db.prepare("UPDATE auth_users SET password_hash = ? WHERE id = ? AND password_hash = ?").run(hash, id, old).changes === 1;
  }

  private failureRow(key: string, client: string): FailureRow | undefined {
    return this.db
      .prepare<[string, string], FailureRow>("SELECT failed, since, last_at, locked_until FROM auth_signin_failures WHERE username = ? AND client = ?")
      .get(key, client);
  }

  private putFailureRow(key: string, client: string, r: FailureRow): void {
    this.db
      .prepare(
        `INSERT INTO auth_signin_failures (username, client, failed, since, last_at, locked_until) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (username, client) DO UPDATE SET failed = excluded.failed, since = excluded.since, last_at = excluded.last_at, locked_until = excluded.locked_until`,
      )
      .run(key, client, r.failed, r.since, r.last_at, r.locked_until);
  }

  /**
   * The lock in force on signing in as `username` (account or not) from `client`: its own, or
   * the account-wide one; the later if both.
   */
  signInLock(username: string, client: string, now = Date.now()): SignInLock | null {
    const key = nameKey(username);
    let lock: SignInLock | null = null;
    for (const [c, scope] of [[client, "client"], [ANY_CLIENT, "account"]] as const) {
      const until = this.failureRow(key, c)?.locked_until ?? null;
      if (until !== null && until > now && (!lock || until > lock.until)) lock = { until, scope };
    }
    return lock;
  }

  /**
   * Counts a wrong password for `username` (an account or not: both are counted alike) from
   * `client`, against the client's limit and the account-wide ceiling, and says whether a lock
   * is now in force. A lock in force stays as it is and the guess is not counted: wrong guesses
   * sent in parallel all pass the lock check before their (slow) hash, and the ones finishing
   * after the lock must neither reset nor lengthen it.
   */
  recordFailedSignIn(username: string, client: string, now = Date.now()): SignInLock | null {
    const key = nameKey(username);
    return this.db.transaction(() => {
      const held = this.signInLock(username, client, now);
      if (held) return held;
      // Rows of clients long quiet go (an index range scan; usually nothing to delete).
      this.db
        .prepare("DELETE FROM auth_signin_failures WHERE last_at < ? AND (locked_until IS NULL OR locked_until <= ?)")
        .run(now - FAILURES_FORGOTTEN_MS, now);
      const mine = this.failureRow(key, client);
      const failed = (mine ?? { failed: 0 }).failed + 1;
      const lockMs = failed >= MAX_FAILED_SIGNINS ? Math.min(CLIENT_LOCKOUT_MAX_MS, CLIENT_LOCKOUT_MS * 2 ** (failed - MAX_FAILED_SIGNINS)) : 0;
      this.putFailureRow(key, client, { failed, since: mine?.since ?? now, last_at: now, locked_until: lockMs ? now + lockMs : null });
      const all = this.failureRow(key, ANY_CLIENT);
      const fresh = !all || now - all.since >= ACCOUNT_WINDOW_MS;
      const inWindow = (fresh ? 0 : all.failed) + 1;
      const accountLocked = inWindow >= ACCOUNT_MAX_FAILURES;
      // A ceiling reached starts a new window once its lock is over.
      this.putFailureRow(key, ANY_CLIENT, {
        failed: accountLocked ? 0 : inWindow,
        since: fresh || accountLocked ? now : all.since,
        last_at: now,
        locked_until: accountLocked ? now + ACCOUNT_LOCKOUT_MS : null,
      });
      return this.signInLock(username, client, now);
    })();
  }

  /**
   * Records a right password from `client`: forgets the client's failures, unless a lock came
   * into force while the password was being checked (a parallel wrong guess). Returns false
   * then, and the sign-in is refused like any other during the lock. The account-wide count
   * stays: a right password must not reopen a window for guessing spread over many clients.
   */
  recordSignIn(username: string, client: string, now = Date.now()): boolean {
    return this.db.transaction(() => {
      if (this.signInLock(username, client, now)) return false;
      this.db.prepare("DELETE FROM auth_signin_failures WHERE username = ? AND client = ?").run(nameKey(username), client);
      return true;
    })();
  }

  /** Forgets every failed sign-in and lock of `username` (an admin's unlock or new password). */
  clearSignInFailures(username: string): void {
    this.db.prepare("DELETE FROM auth_signin_failures WHERE username = ?").run(nameKey(username));
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
        .prepare<[string, string], UserRow>(`${USER_SELECT} WHERE u.oidc_issuer = ? AND u.oidc_sub = ?`)
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
