import "server-only";
/**
 * The operations store on PostgreSQL, in schema `<base>_ops` (lib/ops/pg-schema.ts), shared by
 * every instance given the same TWINOPS_DATABASE_URL: a session, CSRF token, sign-in lock or device
 * token made on one instance holds on all. What must not race between instances is made so in
 * the database: the database secret is made once (INSERT … ON CONFLICT DO NOTHING, then read),
 * failed sign-ins of one name are counted under a transaction-level advisory lock on that name
 * (no failure is lost), and an SSO subject is created once. A lost, read-only or full server
 * rejects with `StoreUnavailableError` (503). The rules are lib/ops/auth-rules.ts'.
 */
import { randomUUID } from "node:crypto";
import { log } from "@/lib/log";
import { PgNotifyStore } from "@/lib/notify/pg-store";
import { openPg, type PgDb, type PgQueryable } from "@/lib/store/pg/client";
import { pgStoreError } from "@/lib/store/pg/errors";
import { pgMigrate } from "@/lib/store/pg/migrate";
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
  UserExistsError,
  usernameCandidates,
  type FailureRow,
  type TokenRow,
  type UserRow,
} from "./auth-rules";
import { insertAuditPg, PG_OPS_MIGRATIONS } from "./pg-schema";
import type { AuditInput, AuthSecrets, OidcClaims, OperationsStore, TokenKind, UserRecord } from "./port";
import { claimOf, confirmable, PAIRING_KEPT_MS, PAIRING_TTL_MS, type PairingRow } from "./pairing";

export interface PgOpsOptions {
  /** The operations schema (`opsSchemaName(TWINOPS_DATABASE_SCHEMA)`). */
  schema: string;
  secrets?: AuthSecrets;
  /** Pool size. */
  max?: number;
}

const UNIQUE_VIOLATION = "23505";
const isUniqueViolation = (err: unknown) => err instanceof Error && (err as Error & { code?: unknown }).code === UNIQUE_VIOLATION;

/** `db` with every failure of the store turned into StoreUnavailableError. */
function guarded(db: PgDb): Pick<PgDb, "query" | "transaction"> {
  const fail = (err: unknown) => {
    throw pgStoreError(err);
  };
  return {
    query: <R extends object>(sql: string, params?: readonly unknown[]) => db.query<R>(sql, params).catch(fail),
    transaction: (fn) => db.transaction(fn).catch(fail),
  };
}

async function one<R extends object>(q: PgQueryable, sql: string, params: readonly unknown[] = []): Promise<R | undefined> {
  return (await q.query<R>(sql, params))[0];
}

const userWhere = (q: PgQueryable, where: string, ...params: string[]) => one<UserRow>(q, `${USER_SELECT} WHERE ${where}`, params);
const userById = async (q: PgQueryable, id: string) => {
  const r = await userWhere(q, "u.id = $1", id);
  return r ? toUser(r) : null;
};
const BY_NAME = "lower(u.username) = lower($1)";

async function appendAudit(q: PgQueryable, e: AuditInput | null, now: number): Promise<void> {
  if (e) await insertAuditPg(q, { ...e, at: now });
}

/** Serialises work on one key across instances until the transaction ends. */
const lockKey = (tx: PgQueryable, key: string) => tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [key]);

export class PgOpsStore implements OperationsStore {
  readonly backend = "postgres";
  private readonly q: Pick<PgDb, "query" | "transaction">;
  readonly notifications: PgNotifyStore;

  private constructor(
    private readonly pg: PgDb,
    private readonly signer: Signer,
  ) {
    this.q = guarded(pg);
    this.notifications = new PgNotifyStore(this.q);
  }

  /** Opens (creating and migrating when needed) the operations store in `opts.schema` at `url`. */
  static async open(url: string, opts: PgOpsOptions): Promise<PgOpsStore> {
    const secrets = opts.secrets ?? {};
    let pg: PgDb | undefined;
    try {
      pg = await openPg(url, { schema: opts.schema, max: opts.max ?? 4, applicationName: "twinops-ops" });
      await pgMigrate(pg, "operations", PG_OPS_MIGRATIONS);
      let databaseSecret: string | null = null;
      if (!secrets.secret) {
        // Instances starting together: the first insert wins, and every one reads the winner.
        await pg.query("INSERT INTO auth_meta (key, value) VALUES ('secret', $1) ON CONFLICT (key) DO NOTHING", [newDatabaseSecret()]);
        databaseSecret = (await one<{ value: string }>(pg, "SELECT value FROM auth_meta WHERE key = 'secret'"))!.value;
      }
      return new PgOpsStore(pg, new Signer(secrets, databaseSecret));
    } catch (err) {
      await pg?.close().catch(() => {});
      throw pgStoreError(err);
    }
  }

  close(): Promise<void> {
    return this.pg.close();
  }

  async sign(value: string): Promise<string> {
    return this.signer.sign(value);
  }

  async verifySignature(value: string, signature: string): Promise<boolean> {
    return this.signer.verify(value, signature);
  }

  // ---- users

  async userCount(): Promise<number> {
    return (await one<{ n: number }>(this.q, "SELECT count(*) AS n FROM auth_users"))?.n ?? 0;
  }

  getUser(id: string): Promise<UserRecord | null> {
    return userById(this.q, id);
  }

  async userForSignIn(username: string) {
    const r = await userWhere(this.q, BY_NAME, username);
    return r ? { user: toUser(r), passwordHash: r.password_hash } : null;
  }

  async listUsers(): Promise<UserRecord[]> {
    return (await this.q.query<UserRow>(`${USER_SELECT} ORDER BY lower(u.username), u.username`)).map(toUser);
  }

  createUser(...[u, by, now = Date.now()]: Parameters<OperationsStore["createUser"]>): Promise<UserRecord> {
    return this.q
      .transaction(async (tx) => {
        const r = newUserRow(randomUUID(), u, now);
        await tx.query("INSERT INTO auth_users (id, username, display_name, role, domains, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)", [
          r.id,
          r.username,
          r.display_name,
          r.role,
          r.domains,
          r.password_hash,
          r.created_at,
        ]);
        const user = (await userById(tx, r.id))!;
        if (by) await appendAudit(tx, audits.userCreate(by, user), now);
        return user;
      })
      .catch((err: unknown) => {
        throw isUniqueViolation(err) ? new UserExistsError(`An account named ${u.username} exists.`) : err;
      });
  }

  updateUser(...[id, patch, by, now = Date.now()]: Parameters<OperationsStore["updateUser"]>): Promise<UserRecord | null> {
    return this.q.transaction(async (tx) => {
      const found = await one<UserRow>(tx, `${USER_SELECT} WHERE u.id = $1 FOR UPDATE OF u`, [id]);
      if (!found) return null;
      const before = toUser(found);
      const p = patchedUser(before, patch);
      await tx.query("UPDATE auth_users SET role = $1, domains = $2, disabled = $3, display_name = $4 WHERE id = $5", [p.role, p.domains, p.disabled, p.display_name, id]);
      if (patch.passwordHash) {
        await tx.query("UPDATE auth_users SET password_hash = $1 WHERE id = $2", [patch.passwordHash, id]);
        await tx.query("DELETE FROM auth_signin_failures WHERE username = $1", [nameKey(before.username)]);
      }
      if (endsSessions(patch)) await tx.query("DELETE FROM auth_sessions WHERE user_id = $1", [id]);
      const after = (await userById(tx, id))!;
      await appendAudit(tx, audits.userUpdate(by, patch, before, after), now);
      return after;
    });
  }

  async rehashPassword(id: string, old: string, hash: string): Promise<boolean> {
    const rows = await this.q.query("UPDATE auth_users SET password_hash = $1 WHERE id = $2 AND password_hash = $3 RETURNING id", [hash, id, old]);
    return rows.length === 1;
  }

  upsertOidcUser(u: OidcClaims, now = Date.now()): Promise<UserRecord> {
    return this.q.transaction(async (tx) => {
      // Two instances completing the first sign-in of one subject at once create one account.
      await lockKey(tx, `twinops.oidc.${u.issuer}\n${u.sub}`);
      const found = await userWhere(tx, "u.oidc_issuer = $1 AND u.oidc_sub = $2", u.issuer, u.sub);
      if (found) {
        await tx.query("UPDATE auth_users SET role = $1, domains = $2, display_name = $3 WHERE id = $4", [u.role, JSON.stringify(u.domains), u.displayName, found.id]);
        const after = (await userById(tx, found.id))!;
        await appendAudit(tx, audits.ssoUpdate(toUser(found), after), now);
        return after;
      }
      let username = u.username;
      for (username of usernameCandidates(u.username)) if (!(await userWhere(tx, BY_NAME, username))) break;
      const r = newUserRow(randomUUID(), { ...u, username }, now);
      await tx.query(
        "INSERT INTO auth_users (id, username, display_name, role, domains, oidc_issuer, oidc_sub, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        [r.id, r.username, r.display_name, r.role, r.domains, u.issuer, u.sub, r.created_at],
      );
      await appendAudit(tx, audits.ssoCreate(username, u), now);
      return (await userById(tx, r.id))!;
    });
  }

  // ---- sign-in locks

  private async failureRows(q: PgQueryable, username: string, client: string): Promise<[FailureRow | undefined, FailureRow | undefined]> {
    const rows = await q.query<FailureRow & { client: string }>(
      "SELECT client, failed, since, last_at, locked_until FROM auth_signin_failures WHERE username = $1 AND client IN ($2, $3)",
      [nameKey(username), client, ANY_CLIENT],
    );
    return [rows.find((r) => r.client === client && client !== ANY_CLIENT), rows.find((r) => r.client === ANY_CLIENT)];
  }

  async signInLock(username: string, client: string, now = Date.now()) {
    return lockOf(...(await this.failureRows(this.q, username, client)), now);
  }

  recordFailedSignIn(username: string, client: string, now = Date.now()) {
    const key = nameKey(username);
    return this.q.transaction(async (tx) => {
      // Every instance counting a failure of this name waits here for the one before it.
      await lockKey(tx, `twinops.signin.${key}`);
      const [mine, all] = await this.failureRows(tx, username, client);
      const held = lockOf(mine, all, now);
      if (held) return held;
      // Rows of clients long quiet go; rows another transaction holds are left for next time.
      await tx.query(
        `DELETE FROM auth_signin_failures WHERE (username, client) IN (SELECT username, client FROM auth_signin_failures
          WHERE last_at < $1 AND (locked_until IS NULL OR locked_until <= $2) FOR UPDATE SKIP LOCKED)`,
        forgottenBefore(now),
      );
      const next = afterFailure(mine, all, now);
      for (const [c, r] of [[client, next.mine], [ANY_CLIENT, next.all]] as const) {
        await tx.query(
          `INSERT INTO auth_signin_failures (username, client, failed, since, last_at, locked_until) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (username, client) DO UPDATE SET failed = excluded.failed, since = excluded.since, last_at = excluded.last_at, locked_until = excluded.locked_until`,
          [key, c, r.failed, r.since, r.last_at, r.locked_until],
        );
      }
      return lockOf(next.mine, next.all, now);
    });
  }

  recordSignIn(username: string, client: string, now = Date.now()): Promise<boolean> {
    const key = nameKey(username);
    return this.q.transaction(async (tx) => {
      await lockKey(tx, `twinops.signin.${key}`);
      if (lockOf(...(await this.failureRows(tx, username, client)), now)) return false;
      await tx.query("DELETE FROM auth_signin_failures WHERE username = $1 AND client = $2", [key, client]);
      return true;
    });
  }

  unlockUser(username: string, by: Parameters<OperationsStore["unlockUser"]>[1], now = Date.now()): Promise<void> {
    const key = nameKey(username);
    return this.q.transaction(async (tx) => {
      await lockKey(tx, `twinops.signin.${key}`);
      await tx.query("DELETE FROM auth_signin_failures WHERE username = $1", [key]);
      await appendAudit(tx, audits.userUnlock(by, username), now);
    });
  }

  // ---- sessions

  async createSession(userId: string, now = Date.now()): Promise<string> {
    const sid = newSessionId();
    await this.q.query("DELETE FROM auth_sessions WHERE expires_at < $1", [now]);
    await this.q.query("INSERT INTO auth_sessions (id_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)", [sha256(sid), userId, now, now + SESSION_MS]);
    return sid;
  }

  async sessionUser(sid: string, now = Date.now()): Promise<UserRecord | null> {
    const s = await one<{ user_id: string; expires_at: number }>(this.q, "SELECT user_id, expires_at FROM auth_sessions WHERE id_hash = $1", [sha256(sid)]);
    if (!s || s.expires_at <= now) return null;
    const u = await userById(this.q, s.user_id);
    return u && !u.disabled ? u : null;
  }

  async deleteSession(sid: string): Promise<void> {
    await this.q.query("DELETE FROM auth_sessions WHERE id_hash = $1", [sha256(sid)]);
  }

  // ---- device and feed tokens

  issueToken(...[kind, name, scope, by, now = Date.now(), opts = {}]: Parameters<OperationsStore["issueToken"]>) {
    return this.q.transaction(async (tx) => {
      const t = newToken();
      const [row] = await tx.query<TokenRow>(
        "INSERT INTO auth_tokens (id, kind, name, secret_hash, scope, created_by, created_at, owner_id, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *",
        [t.id, kind, name, t.secretHash, JSON.stringify(scope), by.actor, now, opts.ownerId ?? null, opts.expiresAt ?? null],
      );
      const record = toToken(row!);
      await appendAudit(tx, audits.tokenIssue(by, record), now);
      return { token: t.token, record };
    });
  }

  async getToken(id: string) {
    const r = await one<TokenRow>(this.q, "SELECT * FROM auth_tokens WHERE id = $1", [id]);
    return r ? toToken(r) : null;
  }

  async verifyToken(token: string, kind: TokenKind, now = Date.now()) {
    const id = tokenId(token);
    const r = id ? await one<TokenRow>(this.q, "SELECT * FROM auth_tokens WHERE id = $1", [id]) : undefined;
    if (!tokenMatches(token, kind, r, now)) return null;
    if (tokenUseDue(r, now)) {
      // Bookkeeping, not a condition: the answer does not wait for it, and a server that cannot
      // be written (a standby, a full disk) still accepts the token.
      this.q
        .query("UPDATE auth_tokens SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $1)", [now, r.id])
        .catch((err: unknown) => log.warn("ops: could not record a token's last use", { err, token: r.id }));
    }
    return toToken(r);
  }

  async listTokens(kind?: TokenKind) {
    const rows = kind
      ? await this.q.query<TokenRow>("SELECT * FROM auth_tokens WHERE kind = $1 ORDER BY created_at DESC", [kind])
      : await this.q.query<TokenRow>("SELECT * FROM auth_tokens ORDER BY created_at DESC");
    return rows.map(toToken);
  }

  revokeToken(...[id, by, now = Date.now()]: Parameters<OperationsStore["revokeToken"]>) {
    return this.q.transaction(async (tx) => {
      const changed = await tx.query("UPDATE auth_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL RETURNING id", [now, id]);
      const r = await one<TokenRow>(tx, "SELECT * FROM auth_tokens WHERE id = $1", [id]);
      const record = r ? toToken(r) : null;
      if (changed.length === 1 && record) await appendAudit(tx, audits.tokenRevoke(by, record), now);
      return record;
    });
  }

  setTokenScope(...[id, scope, by, now = Date.now()]: Parameters<OperationsStore["setTokenScope"]>) {
    return this.q.transaction(async (tx) => {
      const r = await one<TokenRow>(tx, "SELECT * FROM auth_tokens WHERE id = $1 FOR UPDATE", [id]);
      if (!r || r.kind !== "device" || r.revoked_at !== null) return null;
      const before = toToken(r);
      const [row] = await tx.query<TokenRow>("UPDATE auth_tokens SET scope = $1 WHERE id = $2 RETURNING *", [JSON.stringify(scope), id]);
      const after = toToken(row!);
      if (JSON.stringify(before.scope) !== JSON.stringify(after.scope)) await appendAudit(tx, audits.tokenScope(by, before, after), now);
      return after;
    });
  }

  startPairing(...[p, now = Date.now()]: Parameters<OperationsStore["startPairing"]>) {
    return this.q.transaction(async (tx) => {
      await tx.query("DELETE FROM wall_pairings WHERE expires_at < $1", [now - PAIRING_KEPT_MS]);
      const expiresAt = now + PAIRING_TTL_MS;
      const made = await tx.query(
        "INSERT INTO wall_pairings (id_hash, code, client, created_at, expires_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING code",
        [p.secretHash, p.code, p.client, now, expiresAt],
      );
      return made.length === 1 ? { expiresAt } : null;
    });
  }

  confirmPairing(...[code, wall, by, now = Date.now()]: Parameters<OperationsStore["confirmPairing"]>) {
    return this.q.transaction(async (tx) => {
      // FOR UPDATE: two admins confirming one code at once: the second sees it used.
      const row = await one<PairingRow>(tx, "SELECT * FROM wall_pairings WHERE code = $1 FOR UPDATE", [code]);
      const refused = confirmable(row, now);
      if (refused) {
        await appendAudit(tx, audits.wallPairRefused(by, code, refused), now);
        return { ok: false as const, reason: refused };
      }
      const t = newToken();
      const [tr] = await tx.query<TokenRow>(
        "INSERT INTO auth_tokens (id, kind, name, secret_hash, scope, created_by, created_at) VALUES ($1, 'device', $2, $3, $4, $5, $6) RETURNING *",
        [t.id, wall.name, t.secretHash, JSON.stringify(wall.scope), by.actor, now],
      );
      const record = toToken(tr!);
      await tx.query("UPDATE wall_pairings SET confirmed_by = $1, confirmed_at = $2, token_id = $3, token = $4 WHERE code = $5", [by.actor, now, t.id, t.token, code]);
      await appendAudit(tx, audits.tokenIssue(by, record), now);
      await appendAudit(tx, audits.wallPair(by, code, record), now);
      return { ok: true as const, record };
    });
  }

  claimPairing(...[secretHash, now = Date.now()]: Parameters<OperationsStore["claimPairing"]>) {
    return this.q.transaction(async (tx) => {
      const row = await one<PairingRow>(tx, "SELECT * FROM wall_pairings WHERE id_hash = $1 FOR UPDATE", [secretHash]);
      const claim = claimOf(row, now);
      if (claim.status !== "paired") return claim;
      await tx.query("UPDATE wall_pairings SET token = NULL, claimed_at = $1 WHERE id_hash = $2", [now, secretHash]);
      const t = row?.token_id ? await one<TokenRow>(tx, "SELECT * FROM auth_tokens WHERE id = $1", [row.token_id]) : undefined;
      return { ...claim, scope: t ? toToken(t).scope : [] };
    });
  }
}
