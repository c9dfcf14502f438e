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
import { NOTIFY_TABLES_SQLITE } from "@/lib/notify/schema-sql";

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
-- Operators' work per alert of one twin generation (a rebuilt twin may reuse alert ids).
CREATE TABLE IF NOT EXISTS ${s}.alert_workflow (
  twin TEXT NOT NULL, alert_id TEXT NOT NULL, ack_by TEXT, ack_at INTEGER, assignee TEXT,
  escalation INTEGER NOT NULL DEFAULT 0, comment TEXT, updated_at INTEGER NOT NULL,
  PRIMARY KEY (twin, alert_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ${s}.ops_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
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
  {
    version: 3,
    name: "alert comment threads, wall pairing codes",
    up(db, s) {
      // thread: every comment of an alert (JSON, oldest first; lib/twin/alerts/workflow.ts).
      // wall_pairings: a wall without a token shows a short code; an admin confirms it and the
      // wall collects its device token once with the secret only it holds (id_hash).
      db.exec(`
ALTER TABLE ${s}.alert_workflow ADD COLUMN thread TEXT;
CREATE TABLE IF NOT EXISTS ${s}.wall_pairings (
  id_hash TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, client TEXT NOT NULL, created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL, confirmed_by TEXT, confirmed_at INTEGER, token_id TEXT, token TEXT, claimed_at INTEGER
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ${s}.wall_pairings_expiry ON wall_pairings (expires_at);
`);
    },
  },
  {
    version: 4,
    name: "notification channels, routing rules and the outbox of deliveries",
    up(db, s) {
      db.exec(NOTIFY_TABLES_SQLITE(s));
    },
  },
  {
    version: 5,
    name: "personal read tokens: owner account and optional expiry",
    up(db, s) {
      // Read tokens belong to an account (owner_id) and take its rights at each use; any token may
      // carry an expiry. Existing device and feed tokens keep NULL in both.
      db.exec(`
ALTER TABLE ${s}.auth_tokens ADD COLUMN owner_id TEXT;
ALTER TABLE ${s}.auth_tokens ADD COLUMN expires_at INTEGER;
CREATE INDEX IF NOT EXISTS ${s}.auth_tokens_owner ON auth_tokens (owner_id) WHERE owner_id IS NOT NULL;
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

/** An audit row as stored (either store) to the record the API answers. */
export interface AuditRow {
  seq: number;
  at: number;
  actor: string;
  role: string;
  action: string;
  target: string;
  before: string | null;
  after: string | null;
}

export function auditRecordFromRow(r: AuditRow) {
  return {
    seq: r.seq,
    at: new Date(r.at).toISOString(),
    actor: r.actor,
    role: r.role,
    action: r.action,
    target: r.target,
    before: r.before === null ? null : (JSON.parse(r.before) as unknown),
    after: r.after === null ? null : (JSON.parse(r.after) as unknown),
  };
}

/** Operations tables that releases before 0.2 kept inside the twin's database file. */
const LEGACY_TABLES = ["auth_meta", "auth_users", "auth_sessions", "auth_tokens", "audit", "alert_workflow"] as const;

/** Tables whose rows are people's work: an operations store holding any is not empty. */
const WORK_TABLES = ["auth_users", "auth_tokens", "audit", "alert_workflow"] as const;

export class LegacyImportConflictError extends Error {
  override name = "LegacyImportConflictError";
}

/**
 * Moves operations data that an older release (0.1) wrote into the twin's file (`from`) into the
 * operations store (`to`), in two steps that each commit in one file: first the copy (it writes only
 * the operations store, and marks the import done there), then the drop of the old tables from the
 * twin's file, so that password and token hashes live in one place. A crash between the two is
 * finished by the next start (the mark says the copy is in). An operations store that already
 * holds people's work is never merged into: that stops the start with a clear message instead of
 * dropping rows. Alert workflow rows are stamped with the twin's `generation`. Returns the rows
 * moved per table.
 */
export function importLegacyOperations(db: Database.Database, from: string, to: string, generation: string): Record<string, number> {
  const present = tableNames(db, from);
  const tables = LEGACY_TABLES.filter((t) => present.has(t));
  if (tables.length === 0) return {};
  const moved: Record<string, number> = {};
  const done = db.prepare<[], { value: string }>(`SELECT value FROM ${to}.ops_meta WHERE key = 'legacy_import'`).get();
  if (!done) {
    const occupied = WORK_TABLES.filter((t) => (db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${to}.${t}`).get()?.n ?? 0) > 0);
    if (occupied.length > 0) {
      throw new LegacyImportConflictError(
        `the twin's database file holds accounts and audit records of release 0.1, and the operations store already holds ${occupied.join(", ")}: ` +
          "nothing was merged. Start once with an empty operations store (move its file aside) to bring the old records over.",
      );
    }
    db.transaction(() => {
      for (const t of tables) {
        const target = new Set(db.prepare<[], { name: string }>(`PRAGMA ${to}.table_info(${t})`).all().map((c) => c.name));
        const cols = db
          .prepare<[], { name: string }>(`PRAGMA ${from}.table_info(${t})`)
          .all()
          .map((c) => c.name)
          .filter((c) => target.has(c) && c !== "twin");
        const list = cols.map((c) => `"${c}"`).join(", ");
        if (t === "alert_workflow") {
          moved[t] = db.prepare(`INSERT INTO ${to}.${t} (twin, ${list}) SELECT ?, ${list} FROM ${from}.${t}`).run(generation).changes;
        } else {
          // auth_meta: the old signing key wins over one made before the first start of this release.
          const verb = t === "auth_meta" ? "INSERT OR REPLACE" : "INSERT";
          moved[t] = db.prepare(`${verb} INTO ${to}.${t} (${list}) SELECT ${list} FROM ${from}.${t}`).run().changes;
        }
      }
      db.prepare(`INSERT INTO ${to}.ops_meta (key, value) VALUES ('legacy_import', ?)`).run(JSON.stringify({ at: new Date().toISOString(), moved }));
    }).immediate();
  }
  db.transaction(() => {
    for (const t of tables) db.exec(`DROP TABLE ${from}.${t}`);
  }).immediate();
  return moved;
}
