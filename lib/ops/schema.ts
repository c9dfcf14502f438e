import "server-only";
/**
 * The operations store: what people did and who they are (accounts, sessions, tokens, the audit
 * trail, the operators' work on alerts). It is never the twin: rebuilding the twin's data (a new
 * seed, city pack or simulator schema) never touches it, and its schema only moves forward
 * through the versioned steps below. Add a step; never edit one that has shipped.
 */
import type Database from "better-sqlite3";
import type { Migration } from "@/lib/store/migrate";
import { tableNames } from "@/lib/store/sqlite";

export const OPS_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "accounts, sessions, tokens, audit trail, alert workflow",
    up(db, s) {
      db.exec(`
CREATE TABLE IF NOT EXISTS ${s}.auth_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ${s}.auth_users (
  id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE COLLATE NOCASE, display_name TEXT NOT NULL,
  role TEXT NOT NULL, domains TEXT NOT NULL, password_hash TEXT, oidc_issuer TEXT, oidc_sub TEXT,
  failed INTEGER NOT NULL DEFAULT 0, locked_until INTEGER, disabled INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ${s}.auth_users_oidc ON auth_users (oidc_issuer, oidc_sub) WHERE oidc_sub IS NOT NULL;
CREATE TABLE IF NOT EXISTS ${s}.auth_sessions (
  id_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ${s}.auth_sessions_user ON auth_sessions (user_id);
CREATE TABLE IF NOT EXISTS ${s}.auth_tokens (
  id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, secret_hash TEXT NOT NULL, scope TEXT NOT NULL,
  created_by TEXT NOT NULL, created_at INTEGER NOT NULL, revoked_at INTEGER, last_used_at INTEGER
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ${s}.audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL,
  action TEXT NOT NULL, target TEXT NOT NULL, before TEXT, after TEXT
);
CREATE INDEX IF NOT EXISTS ${s}.audit_target ON audit (target, seq);
CREATE TABLE IF NOT EXISTS ${s}.alert_workflow (
  alert_id TEXT PRIMARY KEY, ack_by TEXT, ack_at INTEGER, assignee TEXT,
  escalation INTEGER NOT NULL DEFAULT 0, comment TEXT, updated_at INTEGER NOT NULL
) WITHOUT ROWID;
`);
    },
  },
  {
    version: 2,
    name: "failed sign-ins per (account name, client) and per account name",
    up(db, s) {
      // Keyed by the name typed, known account or not, so a lock says nothing about whether the
      // account exists; client '*' is the ceiling across clients. (auth_users.failed and
      // locked_until are no longer used; kept, since migrations do not rename or drop.)
      db.exec(`
CREATE TABLE IF NOT EXISTS ${s}.auth_signin_failures (
  username TEXT NOT NULL, client TEXT NOT NULL, failed INTEGER NOT NULL, since INTEGER NOT NULL,
  last_at INTEGER NOT NULL, locked_until INTEGER, PRIMARY KEY (username, client)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ${s}.auth_signin_failures_last ON auth_signin_failures (last_at);
`);
    },
  },
];

/** Appends one audit record (parameters from `auditParams`) to the trail in `schema`. */
export const insertAuditSql = (schema: string) =>
  `INSERT INTO ${schema}.audit (at, actor, role, action, target, before, after) VALUES (@at, @actor, @role, @action, @target, @before, @after)`;

/** One audit entry as the parameters of insertAuditSql (before/after as JSON). */
export function auditParams(e: { at: number; actor: string; role: string; action: string; target: string; before?: unknown; after?: unknown }) {
  return {
    at: e.at,
    actor: e.actor,
    role: e.role,
    action: e.action,
    target: e.target,
    before: e.before === undefined ? null : JSON.stringify(e.before),
    after: e.after === undefined ? null : JSON.stringify(e.after),
  };
}

/** Operations tables that releases before 0.2 kept inside the twin's database file. */
const LEGACY_TABLES = ["auth_meta", "auth_users", "auth_sessions", "auth_tokens", "audit", "alert_workflow"] as const;

/**
 * Moves operations data that an older release wrote into the twin's file (`from`) into the
 * operations store (`to`), in one transaction, then drops it from the twin's file so that password
 * and token hashes live in one place. Rows already in the operations store win (a crash after the
 * copy and before the drop is finished by the next start). Returns the rows moved per table.
 */
export function importLegacyOperations(db: Database.Database, from: string, to: string): Record<string, number> {
  const moved: Record<string, number> = {};
  const present = tableNames(db, from);
  const tables = LEGACY_TABLES.filter((t) => present.has(t));
  if (tables.length === 0) return moved;
  db.transaction(() => {
    for (const t of tables) {
      const target = new Set(db.prepare<[], { name: string }>(`PRAGMA ${to}.table_info(${t})`).all().map((c) => c.name));
      const cols = db
        .prepare<[], { name: string }>(`PRAGMA ${from}.table_info(${t})`)
        .all()
        .map((c) => c.name)
        .filter((c) => target.has(c));
      const list = cols.map((c) => `"${c}"`).join(", ");
      moved[t] = db.prepare(`INSERT OR IGNORE INTO ${to}.${t} (${list}) SELECT ${list} FROM ${from}.${t}`).run().changes;
      db.exec(`DROP TABLE ${from}.${t}`);
    }
  }).immediate();
  return moved;
}
