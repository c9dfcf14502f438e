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
import { schemaVersion } from "@/lib/store/migrate";

export interface BackupFile {
  /** Which store: the twin's data, or operations (accounts, audit, alert workflow). */
  store: "twin" | "operations";
  from: string;
  to: string;
  bytes: number;
}

function check(file: string): void {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const r = db.pragma("integrity_check", { simple: true });
    if (r !== "ok") throw new Error(`${file} fails SQLite's integrity check: ${String(r)}`);
    if (schemaVersion(db) === 0 && !db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'auth_users'").get()) {
      throw new Error(`${file} is not a TwinOps store (no schema_migrations table)`);
    }
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
    const src = new Database(from, { readonly: true, fileMustExist: true });
    try {
      await src.backup(to);
    } finally {
      src.close();
    }
    // One self-contained file (no WAL beside it), owner-only like the stores themselves.
    const copy = new Database(to);
    copy.pragma("journal_mode = DELETE");
    copy.close();
    fs.chmodSync(to, 0o600);
    check(to);
    out.push({ store, from, to, bytes: fs.statSync(to).size });
  }
  if (out.length === 0) throw new Error(`no store to back up: neither ${stores.twin} nor ${stores.operations} exists`);
  return out;
}

/**
 * Puts a backup in place of a store's file. Run it with the server stopped: the file it replaces
 * (and its WAL) is kept beside as `<file>.pre-restore`.
 */
export function restoreStore(backup: string, target: string): { target: string; kept: string | null } {
  check(backup);
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const tmp = `${target}.restoring`;
  fs.copyFileSync(backup, tmp);
  fs.chmodSync(tmp, 0o600);
  let kept: string | null = null;
  if (fs.existsSync(target)) {
    kept = `${target}.pre-restore`;
    fs.renameSync(target, kept);
  }
  for (const side of ["-wal", "-shm"]) {
    if (fs.existsSync(target + side)) fs.renameSync(target + side, `${kept ?? target}${side}.pre-restore`);
  }
  fs.renameSync(tmp, target);
  return { target, kept };
}
