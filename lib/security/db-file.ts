import "server-only";
/**
 * The SQLite files hold password hashes, token hashes and the session-signing secret: only the
 * server's own user may read them. SQLite creates its -wal and -shm files with the database
 * file's permissions, so the database file is created 0600 before SQLite opens it, and an
 * existing file from an older version (created 0644) is tightened, with its -wal and -shm.
 */
import fs from "node:fs";
import path from "node:path";

export const DATABASE_FILE_MODE = 0o600;

/** Makes `file`'s folder, and the file itself owner-only (created empty if missing). `:memory:` is left alone. */
export function preparePrivateDatabaseFile(file: string): void {
  if (file === ":memory:" || file === "") return;
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  // "a": create if missing (an empty file is an empty SQLite database), never truncate.
  fs.closeSync(fs.openSync(file, "a", DATABASE_FILE_MODE));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      fs.chmodSync(f, DATABASE_FILE_MODE);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
  }
}
