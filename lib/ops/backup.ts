import "server-only";
/**
 * Backups of the embedded stores while the server runs, and their restore. A backup uses SQLite's
 * online backup API (a consistent copy, page by page, while other connections keep reading and
 * writing), then checks the copy's integrity. A restore (server stopped) checks the files first,
 * keeps what it replaces beside as `.pre-restore`, and moves the copies into place.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { preparePrivateDatabaseFile } from "@/lib/security/db-file";
import { tableNames } from "@/lib/store/sqlite";

export interface BackupFile {
  /** Which store: the twin's data, or operations (accounts, audit, alert workflow). */
  store: "twin" | "operations";
  from: string;
  to: string;
  bytes: number;
}

/** A table only that store has: how a file says which store it is. */
const MARK: Record<BackupFile["store"], string> = { twin: "assets", operations: "auth_users" };

/** Throws unless `file` is a sound SQLite file holding that store. */
function check(file: string, store: BackupFile["store"]): void {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const r = db.pragma("integrity_check", { simple: true });
    if (r !== "ok") throw new Error(`${file} fails SQLite's integrity check: ${String(r)}`);
    const tables = tableNames(db);
    if (!tables.has("schema_migrations") || !tables.has(MARK[store])) throw new Error(`${file} is not a TwinOps ${store} store`);
  } finally {
    db.close();
  }
}

/** Copies each store that exists into `dir` as `<name>-<UTC stamp>.db`; returns what it wrote. */
export async function backupStores(stores: { twin: string; operations: string }, dir: string, now = new Date()): Promise<BackupFile[]> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const out: BackupFile[] = [];
  for (const [store, from] of Object.entries(stores) as [BackupFile["store"], string][]) {
    if (from === ":memory:" || !fs.existsSync(from)) continue;
    const to = path.join(dir, `${path.basename(from).replace(/\.db$/i, "")}-${stamp}.db`);
    // Owner-only before the first page lands: the copy holds password and token hashes.
    preparePrivateDatabaseFile(to);
    const src = new Database(from, { readonly: true, fileMustExist: true });
    try {
      // All pages in one step: copied a few at a time, every write by the running server restarts
      // the backup, and a busy twin would never finish.
      await src.backup(to, { progress: () => 0x7fffffff });
    } finally {
      src.close();
    }
    // One self-contained file (no WAL beside it), owner-only like the stores themselves.
    const copy = new Database(to);
    copy.pragma("journal_mode = DELETE");
    copy.close();
    fs.chmodSync(to, 0o600);
    check(to, store);
    out.push({ store, from, to, bytes: fs.statSync(to).size });
  }
  if (out.length === 0) throw new Error(`no store to back up: neither ${stores.twin} nor ${stores.operations} exists`);
  return out;
}

/**
 * Puts a backup in place of a store's file. Run it with the server stopped: the file it replaces
 * (and its WAL) is kept beside as `<file>.pre-restore`.
 */
export function restoreStore(backup: string, target: string, store: BackupFile["store"]): { target: string; kept: string | null } {
  check(backup, store);
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const tmp = `${target}.restoring`;
  fs.copyFileSync(backup, tmp);
  fs.chmodSync(tmp, 0o600);
  let kept: string | null = null;
  if (fs.existsSync(target)) {
    kept = `${target}.pre-restore`;
    fs.renameSync(target, kept);
  }
  // The kept file keeps its WAL beside it under the name SQLite looks for, so opening it later
  // still sees every transaction it had committed.
  for (const side of ["-wal", "-shm"]) {
    if (!fs.existsSync(target + side)) continue;
    if (kept) fs.renameSync(target + side, `${kept}${side}`);
    else fs.rmSync(target + side);
  }
  fs.renameSync(tmp, target);
  return { target, kept };
}
