import "server-only";
/**
 * What both operations stores (SQLite and PostgreSQL) share, written once: the sign-in lock
 * rules and their arithmetic, hashing of session ids and token secrets, the token format, HMAC
 * signatures, the audit records of the named changes, and rows to records. The stores only move
 * rows; every decision is made here. Secrets are stored only as hashes: a copy of the database
 * opens no session and no token.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Role } from "@/lib/auth/roles";
import { DOMAINS, type Domain } from "@/lib/twin/types";
import type { AuditActor, AuditInput, AuthSecrets, NewUser, SignInLock, TokenKind, TokenRecord, UserPatch, UserRecord } from "./port";

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
export const ANY_CLIENT = "*";
/** A session lasts one long shift. */
export const SESSION_MS = 12 * 3600_000;
/** Last use of a token is written at most once a minute: enough to spot a dead wall. */
export const TOKEN_USE_RESOLUTION_MS = 60_000;

/** The name of UserExistsError: match errors by it (Next bundles may each hold a copy of the class). */
export const USER_EXISTS = "UserExistsError";

/** An account name taken (names compare case-insensitively). */
export class UserExistsError extends Error {
  override name = USER_EXISTS;
}

// ---- rows, as both stores keep them (same tables, same columns)

export interface UserRow {
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

export interface TokenRow {
  id: string;
  kind: string;
  name: string;
  secret_hash: string;
  scope: string;
  created_by: string;
  created_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
  /** Schema step 5: the account a read token belongs to, and when any token stops working. */
  owner_id: string | null;
  expires_at: number | null;
}

export interface FailureRow {
  failed: number;
  since: number;
  last_at: number;
  locked_until: number | null;
}

/** User columns, with the account-wide failure count and lock; valid SQL in SQLite and PostgreSQL. */
export const USER_SELECT = `SELECT u.id, u.username, u.display_name, u.role, u.domains, u.password_hash, u.oidc_issuer, u.oidc_sub,
  coalesce(f.failed, 0) AS failed, f.locked_until AS locked_until, u.disabled, u.created_at
  FROM auth_users u LEFT JOIN auth_signin_failures f ON f.username = lower(u.username) AND f.client = '${ANY_CLIENT}'`;

function parseDomains(json: string): Domain[] {
  const v = JSON.parse(json) as unknown;
  return Array.isArray(v) ? DOMAINS.filter((d) => v.includes(d)) : [];
}

export function toUser(r: UserRow): UserRecord {
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

export function toToken(r: TokenRow): TokenRecord {
  return {
    id: r.id,
    kind: r.kind as TokenKind,
    name: r.name,
    scope: JSON.parse(r.scope) as string[],
    createdBy: r.created_by,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
    ownerId: r.owner_id,
    expiresAt: r.expires_at,
  };
}

/** The auth_users row of a new account (id made by the caller). */
export function newUserRow(id: string, u: NewUser, now: number) {
  return {
    id,
    username: u.username,
    display_name: u.displayName ?? u.username,
    role: u.role,
    domains: JSON.stringify(u.domains ?? []),
    password_hash: u.passwordHash ?? null,
    created_at: now,
  };
}

/** The role, domains, disabled flag and display name an account has after `patch`. */
export function patchedUser(cur: UserRecord, patch: UserPatch) {
  return {
    role: patch.role ?? cur.role,
    domains: JSON.stringify(patch.domains ?? cur.domains),
    disabled: (patch.disabled ?? cur.disabled) ? 1 : 0,
    display_name: patch.displayName ?? cur.displayName,
  };
}

/** A change that ends the account's sessions: a new password, role or domains, or disabling it. */
export const endsSessions = (patch: UserPatch) => Boolean(patch.disabled || patch.passwordHash || patch.role || patch.domains);

// ---- hashing and tokens

export const sha256 = (s: string) => createHash("sha256").update(s).digest("base64url");

/** A new session id (goes signed into the cookie; stored as its hash). */
export const newSessionId = () => randomBytes(32).toString("base64url");

/** A new token: its id, the `twk_<id>_<secret>` the caller gets once, and the hash the store keeps. */
export function newToken(): { id: string; token: string; secretHash: string } {
  const id = randomBytes(9).toString("base64url").replace(/[-_]/g, "x");
  const secret = randomBytes(32).toString("base64url");
  return { id, token: `twk_${id}_${secret}`, secretHash: sha256(secret) };
}

/** The id in a well-formed token, or null (then nothing is looked up). */
export function tokenId(token: string): string | null {
  return /^twk_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/.exec(token)?.[1] ?? null;
}

/** True when `token` is the live (unrevoked, unexpired at `now`) token of `kind` that `row` keeps the hash of. */
export function tokenMatches(token: string, kind: TokenKind, row: TokenRow | undefined, now: number): row is TokenRow {
  const secret = /^twk_[A-Za-z0-9]{12}_([A-Za-z0-9_-]{43})$/.exec(token)?.[1];
  if (!secret || !row || row.kind !== kind || row.revoked_at !== null) return false;
  if (row.expires_at !== null && row.expires_at <= now) return false;
  const a = Buffer.from(sha256(secret));
  const b = Buffer.from(row.secret_hash);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether a use of a token at `now` is worth writing down. */
export const tokenUseDue = (row: TokenRow, now: number) => row.last_used_at === null || now - row.last_used_at > TOKEN_USE_RESOLUTION_MS;

// ---- signatures

const hmac = (key: Buffer, value: string) => createHmac("sha256", key).update(value).digest("base64url");

/** A random key for a database that has none yet (kept in auth_meta 'secret', base64url). */
export const newDatabaseSecret = () => randomBytes(32).toString("base64url");

/**
 * Signs with TWINOPS_SESSION_SECRET when set, else with the database's key (`databaseSecret`,
 * read only when needed). A copy of the database holds its key: with the secret set, that key is
 * neither used nor accepted, so a copy forges nothing.
 */
export class Signer {
  private readonly keys: Buffer[];

  constructor(secrets: AuthSecrets, databaseSecret: string | null) {
    const current = secrets.secret ? Buffer.from(secrets.secret, "utf8") : databaseSecret ? Buffer.from(databaseSecret, "base64url") : null;
    if (!current) throw new Error("no signing key: neither TWINOPS_SESSION_SECRET nor a database secret");
    this.keys = [current, ...(secrets.previousSecret ? [Buffer.from(secrets.previousSecret, "utf8")] : [])];
  }

  sign(value: string): string {
    return hmac(this.keys[0]!, value);
  }

  verify(value: string, signature: string): boolean {
    const b = Buffer.from(signature);
    return this.keys.some((key) => {
      const a = Buffer.from(hmac(key, value));
      return a.length === b.length && timingSafeEqual(a, b);
    });
  }
}

// ---- sign-in locks

/** The key failures are counted under: the name as typed, case-folded like usernames. */
export const nameKey = (username: string) => username.trim().toLowerCase();

/** A failure row that still counts at `now`: failures of a client quiet for a day are forgotten. */
function live(r: FailureRow | undefined, now: number): FailureRow | undefined {
  if (!r || (r.failed === 0 && r.locked_until === null)) return undefined;
  return r.last_at < now - FAILURES_FORGOTTEN_MS && (r.locked_until === null || r.locked_until <= now) ? undefined : r;
}

/** The lock in force from the client's row and the account-wide row: the later if both. */
export function lockOf(mine: FailureRow | undefined, all: FailureRow | undefined, now: number): SignInLock | null {
  let lock: SignInLock | null = null;
  for (const [r, scope] of [[mine, "client"], [all, "account"]] as const) {
    const until = r?.locked_until ?? null;
    if (until !== null && until > now && (!lock || until > lock.until)) lock = { until, scope };
  }
  return lock;
}

/**
 * The client's and the account-wide rows after one more wrong password at `now`. (The caller
 * counts only when no lock is in force: wrong guesses sent in parallel all pass the lock check
 * before their slow hash, and the ones finishing after the lock must neither reset nor lengthen it.)
 */
export function afterFailure(mineRow: FailureRow | undefined, allRow: FailureRow | undefined, now: number): { mine: FailureRow; all: FailureRow } {
  const mine = live(mineRow, now);
  const all = live(allRow, now);
  const failed = (mine?.failed ?? 0) + 1;
  const lockMs = failed >= MAX_FAILED_SIGNINS ? Math.min(CLIENT_LOCKOUT_MAX_MS, CLIENT_LOCKOUT_MS * 2 ** (failed - MAX_FAILED_SIGNINS)) : 0;
  const fresh = !all || now - all.since >= ACCOUNT_WINDOW_MS;
  const inWindow = (fresh ? 0 : all.failed) + 1;
  const accountLocked = inWindow >= ACCOUNT_MAX_FAILURES;
  return {
    mine: { failed, since: mine?.since ?? now, last_at: now, locked_until: lockMs ? now + lockMs : null },
    // A ceiling reached starts a new window once its lock is over.
    all: {
      failed: accountLocked ? 0 : inWindow,
      since: fresh || accountLocked ? now : all.since,
      last_at: now,
      locked_until: accountLocked ? now + ACCOUNT_LOCKOUT_MS : null,
    },
  };
}

/** Rows of clients long quiet can go: `[last_at before, lock over by]`. */
export const forgottenBefore = (now: number): [number, number] => [now - FAILURES_FORGOTTEN_MS, now];

// ---- audit records of the named changes

const rights = (x: { role: Role; domains: readonly Domain[] }) => ({ role: x.role, domains: [...x.domains] });
const account = (u: UserRecord) => ({ role: u.role, domains: u.domains, disabled: u.disabled });
const SSO = { actor: "(sso)", role: "-" };

export const audits = {
  userCreate: (by: AuditActor, u: UserRecord): AuditInput => ({ ...by, action: "user.create", target: `user:${u.username}`, after: { role: u.role, domains: u.domains } }),
  userUpdate: (by: AuditActor, patch: UserPatch, before: UserRecord, after: UserRecord): AuditInput => ({
    ...by,
    action: patch.passwordHash ? "user.password" : "user.update",
    target: `user:${after.username}`,
    before: account(before),
    after: account(after),
  }),
  userUnlock: (by: AuditActor, username: string): AuditInput => ({ ...by, action: "user.unlock", target: `user:${username}` }),
  tokenIssue: (by: AuditActor, t: TokenRecord): AuditInput => ({
    ...by,
    action: "token.issue",
    target: `token:${t.id}`,
    after: { kind: t.kind, name: t.name, scope: t.scope, ...(t.ownerId ? { owner: t.ownerId } : {}), ...(t.expiresAt !== null ? { expiresAt: new Date(t.expiresAt).toISOString() } : {}) },
  }),
  tokenRevoke: (by: AuditActor, t: TokenRecord): AuditInput => ({ ...by, action: "token.revoke", target: `token:${t.id}`, before: { revokedAt: null }, after: { revokedAt: t.revokedAt } }),
  tokenScope: (by: AuditActor, before: TokenRecord, after: TokenRecord): AuditInput => ({ ...by, action: "token.scope", target: `token:${after.id}`, before: { scope: before.scope }, after: { scope: after.scope } }),
  wallPair: (by: AuditActor, code: string, t: TokenRecord): AuditInput => ({ ...by, action: "wall.pair", target: `token:${t.id}`, after: { code, name: t.name, scope: t.scope } }),
  wallPairRefused: (by: AuditActor, code: string, reason: string): AuditInput => ({ ...by, action: "wall.pair.refused", target: `pairing:${code}`, after: { reason } }),
  /** An SSO account made at its first sign-in. */
  ssoCreate: (username: string, claims: { role: Role; domains: readonly Domain[]; issuer: string }): AuditInput => ({
    ...SSO,
    action: "user.create",
    target: `user:${username}`,
    after: { ...rights(claims), issuer: claims.issuer },
  }),
  /** The provider changed an SSO account's role or domains; null when it did not. */
  ssoUpdate: (before: UserRecord, after: UserRecord): AuditInput | null =>
    JSON.stringify(rights(before)) === JSON.stringify(rights(after))
      ? null
      : { ...SSO, action: "user.update", target: `user:${after.username}`, before: rights(before), after: rights(after) },
};

/** Names for a new SSO account, first choice first: a local account's name is never taken over. */
export function* usernameCandidates(wanted: string): Generator<string> {
  yield wanted;
  for (let i = 2; ; i++) yield `${wanted}-${i}`;
}
