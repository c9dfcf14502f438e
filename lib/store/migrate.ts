import "server-only";
/**
 * Versioned, forward-only schema migrations for the SQLite stores. Each store keeps its applied
 * versions in its own `schema_migrations` table; a step runs once, inside a write transaction, and
 * a database written by a newer release (a version this code does not know) is refused instead of
 * being guessed at. Steps take the schema name so one list serves a store opened on its own
 * (`main`) and one attached to another connection (`ops`).
 */
import type Database from "better-sqlite3";

export interface Migration {
  version: number;
  /** What the step does, stored beside its version. */
  name: string;
  up(db: Database.Database, schema: string): void;
}

export class NewerSchemaError extends Error {
  constructor(store: string, found: number, known: number) {
    super(
      `the ${store} store is at schema version ${found}, newer than this release knows (${known}): ` +
        "it was written by a newer TwinOps; run that release or restore a backup",
    );
    this.name = "NewerSchemaError";
  }
}

/** Applied version of a store (0 for one that never ran a migration). */
export function schemaVersion(db: Database.Database, schema = "main"): number {
  const has = db
    .prepare<[string], { n: number }>(`SELECT count(*) AS n FROM ${schema}.sqlite_master WHERE type = 'table' AND name = ?`)
    .get("schema_migrations");
  if (!has?.n) return 0;
  return db.prepare<[], { v: number | null }>(`SELECT max(version) AS v FROM ${schema}.schema_migrations`).get()?.v ?? 0;
}

/**
 * Brings `schema` up to the newest step. Safe to call from several connections at once: each step
 * runs in an immediate transaction that re-reads the version first.
 */
export function migrate(db: Database.Database, store: string, steps: readonly Migration[], schema = "main"): number {
  const known = steps.reduce((m, s) => Math.max(m, s.version), 0);
  db.exec(
    `CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`,
  );
  const found = schemaVersion(db, schema);
  if (found > known) throw new NewerSchemaError(store, found, known);
  for (const step of [...steps].sort((a, b) => a.version - b.version)) {
    db.transaction(() => {
      if (schemaVersion(db, schema) >= step.version) return;
      step.up(db, schema);
      db.prepare(`INSERT INTO ${schema}.schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`).run(
        step.version,
        step.name,
        Date.now(),
      );
    }).immediate();
  }
  return known;
}
