import "server-only";
/**
 * The operations store in a SQLite file of its own (`TWINOPS_OPS_DB_PATH`, beside the twin's,
 * which a rebuild of the twin never touches): owner-only (lib/security/db-file.ts), migrated at
 * open (lib/ops/schema.ts). better-sqlite3 answers in-process, so each method is a synchronous
 * call made async; a failing file (gone, read-only, full, locked) rejects with
 * `StoreUnavailableError`. The rules are lib/ops/auth-rules.ts'.
 */
import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import { SqliteNotifyStore } from "@/lib/notify/sqlite-store";
import { migrate } from "@/lib/store/migrate";
import { openSqlite } from "@/lib/store/sqlite";
import { storeError } from "@/lib/twin/sources/embedded-port";
import {
  afterFailure,
  ANY_CLIENT,
  audits,
  endsSessions,
  forgottenBefore,
  lockOf,
  nameKey,
  newDatabaseSecret,
  newSessionId,
  newToken,
  newUserRow,
  patchedUser,
  SESSION_MS,
  sha256,
  Signer,
  toToken,
  tokenId,
  tokenMatches,
  tokenUseDue,
  toUser,
  USER_SELECT,
  usernameCandidates,
  UserExistsError,
  type FailureRow,
  type TokenRow,
  type UserRow,
} from "./auth-rules";
import type { AuditInput, AuthSecrets, OidcClaims, OperationsStore, TokenKind, UserRecord } from "./port";
import { auditParams, insertAuditSql, OPS_MIGRATIONS } from "./schema";
import { claimOf, confirmable, PAIRING_KEPT_MS, PAIRING_TTL_MS, type PairingRow } from "./pairing";

/** Runs a synchronous store call as the port's Promise, a store failure as StoreUnavailableError. */
function run<T>(f: () => T): Promise<T> {
  return new Promise<T>((resolve) => resolve(f())).catch((err: unknown) => {
    throw storeError(err);
  });
}

export class SqliteOpsStore implements OperationsStore {
  readonly backend = "sqlite";
  readonly db: Database.Database;
  readonly notifications: SqliteNotifyStore;
  private readonly signer: Signer;
  /** Statements of the per-request credential checks, prepared once (preparing cost more than running them). */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(file: string, secrets: AuthSecrets = {}) {
    this.db = openSqlite(file);
    migrate(this.db, "operations", OPS_MIGRATIONS);
    this.notifications = new SqliteNotifyStore(this.db);
    this.signer = new Signer(secrets, secrets.secret ? null : this.databaseSecret());
  }

  /** The key kept in the database, made on first use. */
  private databaseSecret(): string {
    // Read first: a read-only file with its key opens (and serves) without a write.
    const read = () => this.db.prepare<[], { value: string }>("SELECT value FROM auth_meta WHERE key = 'secret'").get()?.value;
    const found = read();
    if (found) return found;
    this.db.prepare("INSERT OR IGNORE INTO auth_meta (key, value) VALUES ('secret', ?)").run(newDatabaseSecret());
    return read()!;
  }

  close(): Promise<void> {
    return run(() => void this.db.close());
  }

  private audit(e: AuditInput | null, now: number): void {
    if (e) this.db.prepare(insertAuditSql("main")).run(auditParams({ ...e, at: now }));
  }

  sign(value: string): Promise<string> {
    return run(() => this.signer.sign(value));
  }

  verifySignature(value: string, signature: string): Promise<boolean> {
    return run(() => this.signer.verify(value, signature));
  }

  // ---- users

  private prepared<P extends unknown[], R>(sql: string): Database.Statement<P, R> {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
    return st as Database.Statement<P, R>;
  }

  private user(where: string, ...params: string[]): UserRow | undefined {
    return this.prepared<string[], UserRow>(`${USER_SELECT} WHERE ${where}`).get(...params);
  }

  private userById(id: string): UserRecord | null {
    const r = this.user("u.id = ?", id);
    return r ? toUser(r) : null;
  }

  userCount(): Promise<number> {
    return run(() => this.db.prepare<[], { n: number }>("SELECT count(*) AS n FROM auth_users").get()?.n ?? 0);
  }

  getUser(id: string): Promise<UserRecord | null> {
    return run(() => this.userById(id));
  }

  userForSignIn(username: string): Promise<{ user: UserRecord; passwordHash: string | null } | null> {
    return run(() => {
      const r = this.user("u.username = ?", username);
      return r ? { user: toUser(r), passwordHash: r.password_hash } : null;
    });
  }

  listUsers(): Promise<UserRecord[]> {
    return run(() => this.db.prepare<[], UserRow>(`${USER_SELECT} ORDER BY u.username`).all().map(toUser));
  }

  createUser(...[u, by, now = Date.now()]: Parameters<OperationsStore["createUser"]>): Promise<UserRecord> {
    return run(() =>
      this.db.transaction(() => {
        const row = newUserRow(randomUUID(), u, now);
        try {
          this.db
            .prepare("INSERT INTO auth_users (id, username, display_name, role, domains, password_hash, created_at) VALUES (@id, @username, @display_name, @role, @domains, @password_hash, @created_at)")
            .run(row);
        } catch (err) {
          if (err instanceof Error && "code" in err && err.code === "SQLITE_CONSTRAINT_UNIQUE") throw new UserExistsError(`An account named ${u.username} exists.`);
          throw err;
        }
        const user = this.userById(row.id)!;
        if (by) this.audit(audits.userCreate(by, user), now);
        return user;
      }).immediate(),
    );
  }

  updateUser(...[id, patch, by, now = Date.now()]: Parameters<OperationsStore["updateUser"]>): Promise<UserRecord | null> {
    return run(() =>
      this.db.transaction(() => {
        const before = this.userById(id);
        if (!before) return null;
        this.db.prepare("UPDATE auth_users SET role = @role, domains = @domains, disabled = @disabled, display_name = @display_name WHERE id = @id").run({ ...patchedUser(before, patch), id });
        if (patch.passwordHash) {
          this.db.prepare("UPDATE auth_users SET password_hash = ? WHERE id = ?").run(patch.passwordHash, id);
          this.clearFailures(before.username);
        }
        if (endsSessions(patch)) this.db.prepare("DELETE FROM auth_sessions WHERE user_id = ?").run(id);
        const after = this.userById(id)!;
        this.audit(audits.userUpdate(by, patch, before, after), now);
        return after;
      }).immediate(),
    );
  }

  rehashPassword(id: string, old: string, hash: string): Promise<boolean> {
    return run(() => this.db.prepare("UPDATE auth_users SET password_hash = ? WHERE id = ? AND password_hash = ?").run(hash, id, old).changes === 1);
  }

  upsertOidcUser(u: OidcClaims, now = Date.now()): Promise<UserRecord> {
    return run(() =>
      this.db.transaction(() => {
        const found = this.user("u.oidc_issuer = ? AND u.oidc_sub = ?", u.issuer, u.sub);
        if (found) {
          this.db.prepare("UPDATE auth_users SET role = ?, domains = ?, display_name = ? WHERE id = ?").run(u.role, JSON.stringify(u.domains), u.displayName, found.id);
          const after = this.userById(found.id)!;
          this.audit(audits.ssoUpdate(toUser(found), after), now);
          return after;
        }
        let username = u.username;
        for (username of usernameCandidates(u.username)) if (!this.user("u.username = ?", username)) break;
        const row = { ...newUserRow(randomUUID(), { ...u, username }, now), oidc_issuer: u.issuer, oidc_sub: u.sub };
        this.db
          .prepare(
            "INSERT INTO auth_users (id, username, display_name, role, domains, oidc_issuer, oidc_sub, created_at) VALUES (@id, @username, @display_name, @role, @domains, @oidc_issuer, @oidc_sub, @created_at)",
          )
          .run(row);
        this.audit(audits.ssoCreate(username, u), now);
        return this.userById(row.id)!;
      }).immediate(),
    );
  }

  // ---- sign-in locks

  private failureRow(key: string, client: string): FailureRow | undefined {
    return this.db
      .prepare<[string, string], FailureRow>("SELECT failed, since, last_at, locked_until FROM auth_signin_failures WHERE username = ? AND client = ?")
      .get(key, client);
  }

  private lock(username: string, client: string, now: number) {
    const key = nameKey(username);
    return lockOf(this.failureRow(key, client), this.failureRow(key, ANY_CLIENT), now);
  }

  private clearFailures(username: string): void {
    this.db.prepare("DELETE FROM auth_signin_failures WHERE username = ?").run(nameKey(username));
  }

  signInLock(username: string, client: string, now = Date.now()) {
    return run(() => this.lock(username, client, now));
  }

  recordFailedSignIn(username: string, client: string, now = Date.now()) {
    return run(() =>
      this.db.transaction(() => {
        const key = nameKey(username);
        const mine = this.failureRow(key, client);
        const all = this.failureRow(key, ANY_CLIENT);
        const held = lockOf(mine, all, now);
        if (held) return held;
        // Rows of clients long quiet go (an index range scan; usually nothing to delete).
        this.db.prepare("DELETE FROM auth_signin_failures WHERE last_at < ? AND (locked_until IS NULL OR locked_until <= ?)").run(...forgottenBefore(now));
        const next = afterFailure(mine, all, now);
        const put = this.db.prepare(
          `INSERT INTO auth_signin_failures (username, client, failed, since, last_at, locked_until) VALUES (@key, @client, @failed, @since, @last_at, @locked_until)
           ON CONFLICT (username, client) DO UPDATE SET failed = excluded.failed, since = excluded.since, last_at = excluded.last_at, locked_until = excluded.locked_until`,
        );
        put.run({ key, client, ...next.mine });
        put.run({ key, client: ANY_CLIENT, ...next.all });
        return lockOf(next.mine, next.all, now);
      }).immediate(),
    );
  }

  recordSignIn(username: string, client: string, now = Date.now()): Promise<boolean> {
    return run(() =>
      this.db.transaction(() => {
        if (this.lock(username, client, now)) return false;
        this.db.prepare("DELETE FROM auth_signin_failures WHERE username = ? AND client = ?").run(nameKey(username), client);
        return true;
      }).immediate(),
    );
  }

  unlockUser(username: string, by: Parameters<OperationsStore["unlockUser"]>[1], now = Date.now()): Promise<void> {
    return run(() =>
      this.db.transaction(() => {
        this.clearFailures(username);
        this.audit(audits.userUnlock(by, username), now);
      }).immediate(),
    );
  }

  // ---- sessions

  createSession(userId: string, now = Date.now()): Promise<string> {
    return run(() => {
      const sid = newSessionId();
      this.db.prepare("DELETE FROM auth_sessions WHERE expires_at < ?").run(now);
      this.db.prepare("INSERT INTO auth_sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)").run(sha256(sid), userId, now, now + SESSION_MS);
      return sid;
    });
  }

  sessionUser(sid: string, now = Date.now()): Promise<UserRecord | null> {
    return run(() => {
      const s = this.prepared<[string], { user_id: string; expires_at: number }>("SELECT user_id, expires_at FROM auth_sessions WHERE id_hash = ?").get(sha256(sid));
      if (!s || s.expires_at <= now) return null;
      const u = this.userById(s.user_id);
      return u && !u.disabled ? u : null;
    });
  }

  deleteSession(sid: string): Promise<void> {
    return run(() => void this.db.prepare("DELETE FROM auth_sessions WHERE id_hash = ?").run(sha256(sid)));
  }

  // ---- device and feed tokens

  private tokenRow(id: string): TokenRow | undefined {
    return this.prepared<[string], TokenRow>("SELECT * FROM auth_tokens WHERE id = ?").get(id);
  }

  issueToken(...[kind, name, scope, by, now = Date.now(), opts = {}]: Parameters<OperationsStore["issueToken"]>) {
    return run(() =>
      this.db.transaction(() => {
        const t = newToken();
        this.db
          .prepare("INSERT INTO auth_tokens (id, kind, name, secret_hash, scope, created_by, created_at, owner_id, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
          .run(t.id, kind, name, t.secretHash, JSON.stringify(scope), by.actor, now, opts.ownerId ?? null, opts.expiresAt ?? null);
        const record = toToken(this.tokenRow(t.id)!);
        this.audit(audits.tokenIssue(by, record), now);
        return { token: t.token, record };
      }).immediate(),
    );
  }

  getToken(id: string) {
    return run(() => {
      const r = this.tokenRow(id);
      return r ? toToken(r) : null;
    });
  }

  verifyToken(token: string, kind: TokenKind, now = Date.now()) {
    return run(() => {
      const id = tokenId(token);
      const r = id ? this.tokenRow(id) : undefined;
      if (!tokenMatches(token, kind, r, now)) return null;
      if (tokenUseDue(r, now)) {
        try {
          this.db.prepare("UPDATE auth_tokens SET last_used_at = ? WHERE id = ?").run(now, r.id);
        } catch {
          // Bookkeeping only: a store that cannot be written (read-only, full) still accepts the
          // token, and the next use after it recovers records the time.
        }
      }
      return toToken(r);
    });
  }

  listTokens(kind?: TokenKind) {
    return run(() => {
      const rows = kind
        ? this.db.prepare<[string], TokenRow>("SELECT * FROM auth_tokens WHERE kind = ? ORDER BY created_at DESC").all(kind)
        : this.db.prepare<[], TokenRow>("SELECT * FROM auth_tokens ORDER BY created_at DESC").all();
      return rows.map(toToken);
    });
  }

  revokeToken(...[id, by, now = Date.now()]: Parameters<OperationsStore["revokeToken"]>) {
    return run(() =>
      this.db.transaction(() => {
        const changed = this.db.prepare("UPDATE auth_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL").run(now, id).changes === 1;
        const r = this.tokenRow(id);
        const record = r ? toToken(r) : null;
        if (changed && record) this.audit(audits.tokenRevoke(by, record), now);
        return record;
      }).immediate(),
    );
  }

  setTokenScope(...[id, scope, by, now = Date.now()]: Parameters<OperationsStore["setTokenScope"]>) {
    return run(() =>
      this.db.transaction(() => {
        const r = this.tokenRow(id);
        if (!r || r.kind !== "device" || r.revoked_at !== null) return null;
        const before = toToken(r);
        this.db.prepare("UPDATE auth_tokens SET scope = ? WHERE id = ?").run(JSON.stringify(scope), id);
        const after = toToken(this.tokenRow(id)!);
        if (JSON.stringify(before.scope) !== JSON.stringify(after.scope)) this.audit(audits.tokenScope(by, before, after), now);
        return after;
      }).immediate(),
    );
  }

  startPairing(...[p, now = Date.now()]: Parameters<OperationsStore["startPairing"]>) {
    return run(() =>
      this.db.transaction(() => {
        this.db.prepare("DELETE FROM wall_pairings WHERE expires_at < ?").run(now - PAIRING_KEPT_MS);
        const expiresAt = now + PAIRING_TTL_MS;
        const made = this.db
          .prepare("INSERT INTO wall_pairings (id_hash, code, client, created_at, expires_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
          .run(p.secretHash, p.code, p.client, now, expiresAt).changes;
        return made === 1 ? { expiresAt } : null;
      }).immediate(),
    );
  }

  confirmPairing(...[code, wall, by, now = Date.now()]: Parameters<OperationsStore["confirmPairing"]>) {
    return run(() =>
      this.db.transaction(() => {
        const row = this.db.prepare<[string], PairingRow>("SELECT * FROM wall_pairings WHERE code = ?").get(code);
        const refused = confirmable(row, now);
        if (refused) {
          this.audit(audits.wallPairRefused(by, code, refused), now);
          return { ok: false as const, reason: refused };
        }
        const t = newToken();
        this.db
          .prepare("INSERT INTO auth_tokens (id, kind, name, secret_hash, scope, created_by, created_at) VALUES (?, 'device', ?, ?, ?, ?, ?)")
          .run(t.id, wall.name, t.secretHash, JSON.stringify(wall.scope), by.actor, now);
        const record = toToken(this.tokenRow(t.id)!);
        this.db.prepare("UPDATE wall_pairings SET confirmed_by = ?, confirmed_at = ?, token_id = ?, token = ? WHERE code = ?").run(by.actor, now, t.id, t.token, code);
        this.audit(audits.tokenIssue(by, record), now);
        this.audit(audits.wallPair(by, code, record), now);
        return { ok: true as const, record };
      }).immediate(),
    );
  }

  claimPairing(...[secretHash, now = Date.now()]: Parameters<OperationsStore["claimPairing"]>) {
    return run(() =>
      this.db.transaction(() => {
        const row = this.db.prepare<[string], PairingRow>("SELECT * FROM wall_pairings WHERE id_hash = ?").get(secretHash);
        const claim = claimOf(row, now);
        if (claim.status !== "paired") return claim;
        // Single use: the token leaves the store with this answer.
        this.db.prepare("UPDATE wall_pairings SET token = NULL, claimed_at = ? WHERE id_hash = ?").run(now, secretHash);
        const t = row?.token_id ? this.tokenRow(row.token_id) : undefined;
        return { ...claim, scope: t ? toToken(t).scope : [] };
      }).immediate(),
    );
  }
}
