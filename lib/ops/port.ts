/**
 * The operations store port: accounts, sign-in locks, sessions, device and feed tokens, and the
 * signatures (session cookies, CSRF tokens, the SSO flow cookie) made with the store's secret.
 * Every method returns a Promise; implementations (lib/ops/sqlite-store.ts, lib/ops/pg-store.ts)
 * are chosen in one place, lib/ops/runtime.ts. Type-only module: it imports no implementation.
 *
 * Changes people make (accounts, tokens, unlocks) are named operations that write the change and
 * its audit record in one transaction: a crash leaves both or neither. A failing store (gone,
 * read-only, full, connection lost) rejects with `StoreUnavailableError`, which the API answers 503.
 */
import type { Role } from "@/lib/auth/roles";
import type { NotificationStore } from "@/lib/notify/port";
import type { AuditEntry, Domain } from "@/lib/twin/types";
import type { PairingClaim, PairingRefusal } from "./pairing";

/**
 * `device`: a wall display (reads its boards). `feed`: a sensor feed (writes observations).
 * `read`: a person's API token for scripts and GIS clients: read-only, with its owner's rights
 * as they are at each use (a disabled owner, or a domain taken away, takes it from the token too).
 */
export type TokenKind = "device" | "feed" | "read";

/** What a token may carry beyond kind, name and scope. */
export interface TokenOptions {
  /** The account a read token belongs to. */
  ownerId?: string;
  /** Epoch ms after which the token no longer works; null or absent: until revoked. */
  expiresAt?: number | null;
}

/** An audit record of an account or token change (the store adds the time). */
export type AuditInput = Omit<AuditEntry, "at">;

/** Who makes a change, as the audit trail names them (`auditBy(principal)`, or `(cli)`). */
export interface AuditActor {
  actor: string;
  role: string;
}

export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  domains: Domain[];
  hasPassword: boolean;
  oidc: boolean;
  /** Failed sign-ins counted against the account-wide ceiling in its current window. */
  failed: number;
  /** Until when the account is locked for every client (the ceiling), if ever. */
  lockedUntil: number | null;
  disabled: boolean;
  createdAt: number;
}

export interface TokenRecord {
  id: string;
  kind: TokenKind;
  name: string;
  /** Boards (device tokens) or domains written (feed tokens; empty = all); empty for read tokens (their owner's). */
  scope: string[];
  createdBy: string;
  createdAt: number;
  revokedAt: number | null;
  lastUsedAt: number | null;
  /** The account a read token belongs to (null for device and feed tokens). */
  ownerId: string | null;
  /** When the token stops working, if ever (epoch ms). */
  expiresAt: number | null;
}

/** A sign-in lock: until when, and whether it holds for one client or for the whole account. */
export interface SignInLock {
  until: number;
  scope: "client" | "account";
}

export interface NewUser {
  username: string;
  displayName?: string;
  role: Role;
  domains?: readonly Domain[];
  passwordHash?: string | null;
}

export interface UserPatch {
  role?: Role;
  domains?: readonly Domain[];
  disabled?: boolean;
  passwordHash?: string;
  displayName?: string;
}

/** What an OpenID Connect sign-in says about its subject. */
export interface OidcClaims {
  issuer: string;
  sub: string;
  username: string;
  displayName: string;
  role: Role;
  domains: readonly Domain[];
}

/** Keys for signatures: from the environment (TWINOPS_SESSION_SECRET[_PREVIOUS]) or else the database's. */
export interface AuthSecrets {
  /** Signs and verifies. Unset: a random key made once per database and kept in it. */
  secret?: string | undefined;
  /** Verifies only: the secret before a rotation, so sessions and CSRF tokens signed with it live on. */
  previousSecret?: string | undefined;
}

/** Times (`now`) are epoch milliseconds of the real clock; they default to Date.now(). */
export interface OperationsStore {
  readonly backend: "sqlite" | "postgres";
  /** Notification channels, routing rules and the outbox (lib/notify), in the same store. */
  readonly notifications: NotificationStore;

  // ---- signatures (the same on every instance sharing the store or TWINOPS_SESSION_SECRET)
  /** HMAC of `value` under the store's secret (base64url). */
  sign(value: string): Promise<string>;
  /** True when `signature` is `value`'s under the secret or a previous one (during a rotation). */
  verifySignature(value: string, signature: string): Promise<boolean>;

  // ---- accounts
  userCount(): Promise<number>;
  getUser(id: string): Promise<UserRecord | null>;
  /** The user and its password hash, for sign-in. Usernames compare case-insensitively. */
  userForSignIn(username: string): Promise<{ user: UserRecord; passwordHash: string | null } | null>;
  listUsers(): Promise<UserRecord[]>;
  /**
   * Creates an account, audited as `user.create` by `by` (null: the first admin made at start-up,
   * unrecorded). A name taken (case-insensitively) rejects with `UserExistsError`.
   */
  createUser(user: NewUser, by: AuditActor | null, now?: number): Promise<UserRecord>;
  /**
   * Changes an account, audited as `user.password` (a new password) or `user.update`, with the
   * role, domains and disabled flag before and after. A new password also lifts every sign-in
   * lock of the account; a new password, role or domains, or disabling, ends its sessions.
   * Null (and nothing recorded) when there is no such account.
   */
  updateUser(id: string, patch: UserPatch, by: AuditActor, now?: number): Promise<UserRecord | null>;
  /**
   * Replaces a password hash with one of the same password at the current cost (at sign-in);
   * only if the hash is still `old`, so a password an admin set meanwhile stays. Sessions stay.
   */
  rehashPassword(id: string, old: string, hash: string): Promise<boolean>;
  /**
   * The account for an OpenID Connect subject, created on first sign-in; role and domains follow
   * the claims. A creation, or a role or domains the provider changed, is audited by "(sso)".
   */
  upsertOidcUser(claims: OidcClaims, now?: number): Promise<UserRecord>;

  // ---- sign-in locks (the rules: lib/ops/auth-rules.ts)
  /** The lock in force on signing in as `username` from `client`: its own or the account-wide one. */
  signInLock(username: string, client: string, now?: number): Promise<SignInLock | null>;
  /** Counts a wrong password (atomically, whatever other instances count meanwhile); the lock now in force. */
  recordFailedSignIn(username: string, client: string, now?: number): Promise<SignInLock | null>;
  /** Records a right password: forgets the client's failures; false when a lock came into force meanwhile. */
  recordSignIn(username: string, client: string, now?: number): Promise<boolean>;
  /** Lifts every sign-in lock of `username` (all clients), audited as `user.unlock`. */
  unlockUser(username: string, by: AuditActor, now?: number): Promise<void>;

  // ---- sessions
  /** A new session; returns the secret id that goes (signed) into the cookie. */
  createSession(userId: string, now?: number): Promise<string>;
  /** The signed-in, enabled user of a live session, or null. Reads only. */
  sessionUser(sid: string, now?: number): Promise<UserRecord | null>;
  deleteSession(sid: string): Promise<void>;

  // ---- device and feed tokens
  /** Issues a token, audited as `token.issue`; the secret is returned once (`twk_<id>_<secret>`). */
  issueToken(
    kind: TokenKind,
    name: string,
    scope: readonly string[],
    by: AuditActor,
    now?: number,
    opts?: TokenOptions,
  ): Promise<{ token: string; record: TokenRecord }>;
  getToken(id: string): Promise<TokenRecord | null>;
  /**
   * The live (unrevoked, unexpired) token of this kind that `token` is, or null. Its last-use time is
   * bookkeeping, written best effort: a store that cannot be written still accepts the token.
   */
  verifyToken(token: string, kind: TokenKind, now?: number): Promise<TokenRecord | null>;
  listTokens(kind?: TokenKind): Promise<TokenRecord[]>;
  /** Revokes a token, audited as `token.revoke` (a token already revoked: unchanged, unrecorded). */
  revokeToken(id: string, by: AuditActor, now?: number): Promise<TokenRecord | null>;

  /**
   * Changes the boards of a live device token (a wall shows the first, a playlist rotates through
   * all), audited as `token.scope`; the wall picks the change up by itself. Null when there is no
   * such live device token.
   */
  setTokenScope(id: string, scope: readonly string[], by: AuditActor, now?: number): Promise<TokenRecord | null>;

  // ---- wall pairing (the rules: lib/ops/pairing.ts)
  /** Keeps a new pairing code for PAIRING_TTL_MS; null when the code is in use (ask again with another). */
  startPairing(p: { code: string; secretHash: string; client: string }, now?: number): Promise<{ expiresAt: number } | null>;
  /**
   * Confirms a code: issues a device token for the wall (audited as `token.issue` and
   * `wall.pair`) and keeps it for the wall to collect once; a refused code is audited as
   * `wall.pair.refused` with the reason.
   */
  confirmPairing(code: string, wall: { name: string; scope: readonly string[] }, by: AuditActor, now?: number): Promise<{ ok: true; record: TokenRecord } | { ok: false; reason: PairingRefusal }>;
  /** What the wall holding this secret gets: pending, its token (once; then forgotten) and boards, or gone. */
  claimPairing(secretHash: string, now?: number): Promise<PairingClaim>;

  close(): Promise<void>;
}
