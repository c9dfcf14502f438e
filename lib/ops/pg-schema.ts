import "server-only";
/**
 * The operations store on PostgreSQL: the same tables as the SQLite one (lib/ops/schema.ts), in a
 * schema of their own beside the twin's (`opsSchemaName`), so rebuilding the twin (dropping its
 * schema's tables) never touches them, and the two stores keep separate migration histories.
 * Times are epoch milliseconds (bigint), as in SQLite. Forward only: add a step, never edit one
 * that has shipped.
 */
import type { PgQueryable } from "@/lib/store/pg/client";
import type { PgMigration } from "@/lib/store/pg/migrate";
import { NOTIFY_TABLES_PG } from "@/lib/notify/schema-sql";
import { auditParams } from "./schema";

const V1 = `
CREATE TABLE auth_meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE auth_users (
  id text PRIMARY KEY, username text NOT NULL, display_name text NOT NULL,
  role text NOT NULL, domains text NOT NULL, password_hash text, oidc_issuer text, oidc_sub text,
  failed integer NOT NULL DEFAULT 0, locked_until bigint, disabled integer NOT NULL DEFAULT 0,
  created_at bigint NOT NULL
);
-- Account names are case-insensitive, as in SQLite (COLLATE NOCASE).
CREATE UNIQUE INDEX auth_users_username ON auth_users (lower(username));
CREATE UNIQUE INDEX auth_users_oidc ON auth_users (oidc_issuer, oidc_sub) WHERE oidc_sub IS NOT NULL;
CREATE TABLE auth_sessions (
  id_hash text PRIMARY KEY, user_id text NOT NULL, created_at bigint NOT NULL, expires_at bigint NOT NULL
);
CREATE INDEX auth_sessions_user ON auth_sessions (user_id);
CREATE TABLE auth_tokens (
  id text PRIMARY KEY, kind text NOT NULL, name text NOT NULL, secret_hash text NOT NULL, scope text NOT NULL,
  created_by text NOT NULL, created_at bigint NOT NULL, revoked_at bigint, last_used_at bigint
);
CREATE TABLE audit (
  seq bigserial PRIMARY KEY, at bigint NOT NULL, actor text NOT NULL, role text NOT NULL,
  action text NOT NULL, target text NOT NULL, before text, after text
);
CREATE INDEX audit_target ON audit (target, seq);
-- Operators' work per alert of one twin generation (a rebuilt twin may reuse alert ids).
CREATE TABLE alert_workflow (
  twin text NOT NULL, alert_id text NOT NULL, ack_by text, ack_at bigint, assignee text,
  escalation integer NOT NULL DEFAULT 0, comment text, updated_at bigint NOT NULL,
  PRIMARY KEY (twin, alert_id)
);
CREATE TABLE ops_meta (key text PRIMARY KEY, value text NOT NULL);
-- Failed sign-ins per (account name typed, client); client '*' is the ceiling across clients.
CREATE TABLE auth_signin_failures (
  username text NOT NULL, client text NOT NULL, failed integer NOT NULL, since bigint NOT NULL,
  last_at bigint NOT NULL, locked_until bigint, PRIMARY KEY (username, client)
);
CREATE INDEX auth_signin_failures_last ON auth_signin_failures (last_at);
`;

/** Alert comment threads and wall pairing codes (as lib/ops/schema.ts step 3). */
const V3 = `
ALTER TABLE alert_workflow ADD COLUMN thread text;
CREATE TABLE wall_pairings (
  id_hash text PRIMARY KEY, code text NOT NULL UNIQUE, client text NOT NULL, created_at bigint NOT NULL,
  expires_at bigint NOT NULL, confirmed_by text, confirmed_at bigint, token_id text, token text, claimed_at bigint
);
CREATE INDEX wall_pairings_expiry ON wall_pairings (expires_at);
`;

/** Forward only. Version 2 is unused here (SQLite's step 2 is inside PostgreSQL's step 1). */
export const PG_OPS_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: "accounts, sessions, tokens, audit trail, alert workflow, failed sign-ins",
    up: async (tx) => void (await tx.query(V1)),
  },
  {
    version: 3,
    name: "alert comment threads, wall pairing codes",
    up: async (tx) => void (await tx.query(V3)),
  },
  {
    version: 4,
    name: "notification channels, routing rules and the outbox of deliveries",
    up: async (tx) => void (await tx.query(NOTIFY_TABLES_PG)),
  },
  {
    version: 5,
    name: "personal read tokens: owner account and optional expiry",
    // As SQLite's step 5: read tokens belong to an account and take its rights at each use.
    up: async (tx) =>
      void (await tx.query(`
ALTER TABLE auth_tokens ADD COLUMN owner_id text;
ALTER TABLE auth_tokens ADD COLUMN expires_at bigint;
CREATE INDEX auth_tokens_owner ON auth_tokens (owner_id) WHERE owner_id IS NOT NULL;
`)),
  },
];

/**
 * Schemas of one TwinOps database: the twin's tables in `base`, the operations store's in
 * `<base>_ops`. Separate schemas keep separate migration histories (`schema_migrations` in each),
 * and let the twin's be rebuilt without touching people's work.
 */
export function opsSchemaName(base: string): string {
  return `${base}_ops`;
}

/**
 * Appends one audit record on PostgreSQL, in the caller's transaction. `table` is `audit` on a
 * connection whose search_path is the operations schema, or `"<schema>_ops".audit` from the twin's.
 */
export async function insertAuditPg(q: PgQueryable, e: Parameters<typeof auditParams>[0], table = "audit"): Promise<void> {
  const p = auditParams(e);
  await q.query(`INSERT INTO ${table} (at, actor, role, action, target, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
    p.at,
    p.actor,
    p.role,
    p.action,
    p.target,
    p.before,
    p.after,
  ]);
}
