import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

/**
 * Opens a SQLite file for one of TwinOps' stores: WAL, a busy timeout for the other connection,
 * and the file (with its WAL and shared-memory sides) readable by its owner only, since the
 * operations store holds password and token hashes.
 */
export function openSqlite(file: string, opts: { readonly?: boolean } = {}): Database.Database {
  const memory = file === ":memory:";
  if (!memory && !opts.readonly) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const old = memory ? null : process.umask(0o077);
  let db: Database.Database;
  try {
    db = new Database(file, opts.readonly ? { readonly: true, fileMustExist: true } : {});
    if (!opts.readonly) {
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
    }
    db.pragma("busy_timeout = 5000");
  } finally {
    if (old !== null) process.umask(old);
  }
  if (!memory && !opts.readonly) {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) if (fs.existsSync(f)) fs.chmodSync(f, 0o600);
  }
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
