import "server-only";
import Database from "better-sqlite3";
import { preparePrivateDatabaseFile } from "@/lib/security/db-file";

/**
 * Opens a SQLite file for one of TwinOps' stores: WAL, a busy timeout for the other connection,
 * and the file (with its WAL and shared-memory sides) readable by its owner only, since the
 * operations store holds password and token hashes.
 */
export function openSqlite(file: string, opts: { readonly?: boolean } = {}): Database.Database {
  if (!opts.readonly) preparePrivateDatabaseFile(file);
  const db = new Database(file, opts.readonly ? { readonly: true, fileMustExist: true } : {});
  if (!opts.readonly) {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
  }
  db.pragma("busy_timeout = 5000");
  return db;
}

/** Names of the tables in `schema`. */
export function tableNames(db: Database.Database, schema = "main"): Set<string> {
  return new Set(
    db
      .prepare<[], { name: string }>(`SELECT name FROM ${schema}.sqlite_master WHERE type = 'table'`)
      .all()
      .map((r) => r.name),
  );
}
