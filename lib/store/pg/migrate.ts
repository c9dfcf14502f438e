import "server-only";
/**
 * Versioned, forward-only migrations for PostgreSQL stores, with the semantics of
 * lib/store/migrate.ts: applied versions in `schema_migrations`, each step once, a database
 * written by a newer release refused. Every pending step runs in one transaction that first takes
 * a transaction-level advisory lock for the store, so instances starting together migrate once:
 * the others wait, then find nothing left to do. DDL is transactional in PostgreSQL, so a step
 * that fails leaves no half-made schema.
 */
import { NewerSchemaError } from "@/lib/store/migrate";
import type { PgDb, PgQueryable } from "./client";

export interface PgMigration {
  version: number;
  /** What the step does, stored beside its version. */
  name: string;
  up(tx: PgQueryable): Promise<void>;
}

export { NewerSchemaError };

/** Applied version (0 for a database that never ran a migration). */
export async function pgSchemaVersion(db: PgQueryable): Promise<number> {
  const [has] = await db.query<{ t: string | null }>("SELECT to_regclass('schema_migrations')::text AS t");
  if (!has?.t) return 0;
  const [row] = await db.query<{ v: number | null }>("SELECT max(version) AS v FROM schema_migrations");
  return row?.v ?? 0;
}

/** Brings the store up to the newest step; returns the version it is at. */
export async function pgMigrate(db: PgDb, store: string, steps: readonly PgMigration[]): Promise<number> {
  const known = steps.reduce((m, s) => Math.max(m, s.version), 0);
  return db.transaction(async (tx) => {
    // The key covers the schema too: stores in different schemas of one database do not wait on each other.
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('twinops.migrate.' || current_schema() || '.' || $1))", [store]);
    await tx.query(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)",
    );
    const found = await pgSchemaVersion(tx);
    if (found > known) throw new NewerSchemaError(store, found, known);
    for (const step of [...steps].sort((a, b) => a.version - b.version)) {
      if (step.version <= found) continue;
      await step.up(tx);
      await tx.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", [
        step.version,
        step.name,
        Date.now(),
      ]);
    }
    return known;
  });
}
