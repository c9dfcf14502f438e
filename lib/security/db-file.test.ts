import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteOpsStore } from "@/lib/ops/sqlite-store";
import { TwinStore } from "@/lib/twin/store/store";
import { preparePrivateDatabaseFile } from "./db-file";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twinops-db-mode-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const mode = (f: string) => fs.statSync(f).mode & 0o777;
const files = (db: string) => [db, `${db}-wal`, `${db}-shm`];

describe("database files", () => {
  it("are created owner-only (0600), with their -wal and -shm, by the account store and the twin store", () => {
    // The usual umask, which leaves files 0644.
    const umask = process.umask(0o022);
    try {
      for (const [name, open] of [
        ["auth.db", (f: string) => new SqliteOpsStore(f)],
        ["twin.db", (f: string) => new TwinStore(f)],
      ] as const) {
        const file = path.join(dir, "data", name);
        const store = open(file);
        store.db.exec("CREATE TABLE IF NOT EXISTS t (x); INSERT INTO t VALUES (1);");
        for (const f of files(file)) expect(mode(f).toString(8), f).toBe("600");
        store.db.close();
      }
    } finally {
      process.umask(umask);
    }
  });

  it("tightens a database an older version left world-readable", () => {
    const file = path.join(dir, "old.db");
    for (const f of files(file)) fs.writeFileSync(f, "", { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    preparePrivateDatabaseFile(file);
    for (const f of files(file)) expect(mode(f).toString(8), f).toBe("600");
    preparePrivateDatabaseFile(":memory:");
  });
});
