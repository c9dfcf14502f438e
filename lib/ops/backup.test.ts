import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqliteOpsStore } from "@/lib/ops/sqlite-store";
import { manualClock } from "@/lib/twin/simulator/clock";
import { createEmbeddedTwin, type EmbeddedTwin } from "@/lib/twin/sources/embedded";
import { backupStores, restoreStore } from "./backup";

let dir: string;
let twinFile: string;
let opsFile: string;
let twin: EmbeddedTwin;
const CLOCK = new Date("2026-07-15T10:00:00+08:00");

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "twinops-backup-"));
  twinFile = path.join(dir, "twinops.db");
  opsFile = path.join(dir, "twinops-ops.db");
  twin = createEmbeddedTwin({ dbPath: twinFile, opsDbPath: opsFile, city: "demo-harbour", seed: 3, backfillDays: 0.2, tickSeconds: 0, clock: manualClock(CLOCK) });
});
afterEach(() => {
  twin.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("online backup of the embedded stores", () => {
  it("copies both stores while they are open and written, and a restore brings that moment back", async () => {
    const auth = new SqliteOpsStore(opsFile);
    await auth.createUser({ username: "before.backup", role: "viewer" }, null);
    twin.recordAudit({ actor: "before.backup", role: "viewer", action: "test.mark", target: "x" });
    const rowsBefore = twin.listAssets({ limit: 1 }).total;

    const written = await backupStores({ twin: twinFile, operations: opsFile }, path.join(dir, "backups"), new Date("2026-07-15T02:00:00Z"));
    expect(written.map((f) => [f.store, path.basename(f.to)])).toEqual([
      ["twin", "twinops-20260715T020000Z.db"],
      ["operations", "twinops-ops-20260715T020000Z.db"],
    ]);
    for (const f of written) expect(fs.statSync(f.to).mode & 0o777).toBe(0o600);

    // After the backup: more work that the restore must undo.
    await auth.createUser({ username: "after.backup", role: "viewer" }, null);
    await auth.close();
    twin.close();

    for (const f of written) restoreStore(f.to, f.from, f.store);
    expect(fs.existsSync(`${opsFile}.pre-restore`)).toBe(true);

    const restoredAuth = new SqliteOpsStore(opsFile);
    expect((await restoredAuth.listUsers()).map((u) => u.username)).toEqual(["before.backup"]);
    await restoredAuth.close();
    twin = createEmbeddedTwin({ dbPath: twinFile, opsDbPath: opsFile, city: "demo-harbour", seed: 3, backfillDays: 0.2, tickSeconds: 0, clock: manualClock(CLOCK) });
    expect(twin.listAssets({ limit: 1 }).total).toBe(rowsBefore);
    expect(twin.audit({ target: "x", limit: 5 }).map((r) => r.action)).toEqual(["test.mark"]);
  });

  it("finishes while the server keeps writing (a backup restarted by every write never would)", async () => {
    const auth = new SqliteOpsStore(opsFile);
    let n = 0;
    const writer = setInterval(() => {
      // SQLite writes at the call; the promise only reports it.
      void auth.createUser({ username: `writer-${n++}`, role: "viewer" }, null);
      twin.recordAudit({ actor: "writer", role: "viewer", action: "test.write", target: String(n) });
    }, 1);
    try {
      const written = await backupStores({ twin: twinFile, operations: opsFile }, path.join(dir, "busy"));
      expect(written).toHaveLength(2);
      expect(n).toBeGreaterThan(0);
    } finally {
      clearInterval(writer);
      await auth.close();
    }
  });

  it("refuses to restore a file that is not a TwinOps store, or is the other store, and changes nothing", async () => {
    const bogus = path.join(dir, "bogus.db");
    fs.writeFileSync(bogus, "not a database at all, just some text that is long enough to look like a header....");
    expect(() => restoreStore(bogus, opsFile, "operations")).toThrow();
    // A sound store of the other kind is refused too (a twin backup is no operations store).
    const [twinCopy] = await backupStores({ twin: twinFile, operations: ":memory:" }, path.join(dir, "b"));
    expect(() => restoreStore(twinCopy!.to, opsFile, "operations")).toThrow(/not a TwinOps operations store/);
    expect(fs.existsSync(`${opsFile}.pre-restore`)).toBe(false);
    const auth = new SqliteOpsStore(opsFile);
    expect(await auth.userCount()).toBe(0);
    await auth.close();
  });
});
