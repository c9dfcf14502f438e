/**
 * Operations data survives an upgrade: a database written by the release before the operations
 * store (test/fixtures/release-0.1, made from git history by its make.ts) opens with this release,
 * and its account, device token and the acknowledgement with its comment (audit trail) are all
 * there — through the rebuild its changed definitions cause, and another rebuild (another seed).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { SqliteOpsStore } from "@/lib/ops/sqlite-store";
import { manualClock } from "@/lib/twin/simulator/clock";
import { createEmbeddedTwin } from "@/lib/twin/sources/embedded";
import { tableNames } from "@/lib/store/sqlite";

const FIXTURE_DIR = path.join(process.cwd(), "test/fixtures/release-0.1");
const FIXTURE = JSON.parse(fs.readFileSync(path.join(FIXTURE_DIR, "FIXTURE.json"), "utf8")) as {
  clock: string;
  seed: number;
  user: { id: string; username: string; password: string };
  deviceToken: string;
  alert: { id: string; comment: string };
};

let dir: string;
let twinFile: string;
let opsFile: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "twinops-upgrade-"));
  twinFile = path.join(dir, "twinops.db");
  opsFile = path.join(dir, "twinops-ops.db");
  fs.writeFileSync(twinFile, gunzipSync(fs.readFileSync(path.join(FIXTURE_DIR, "twinops.db.gz"))));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const open = (seed = FIXTURE.seed, log?: (l: string) => void) =>
  createEmbeddedTwin({
    dbPath: twinFile,
    opsDbPath: opsFile,
    city: "shenzhen",
    seed,
    backfillDays: 0.1,
    historyDays: 0,
    tickSeconds: 0,
    clock: manualClock(new Date(FIXTURE.clock)),
    ...(log ? { log } : {}),
  });

async function expectOperationsIntact(): Promise<void> {
  const auth = new SqliteOpsStore(opsFile);
  try {
    const found = await auth.userForSignIn(FIXTURE.user.username);
    expect(found?.user.id).toBe(FIXTURE.user.id);
    expect(found?.user.role).toBe("operator");
    expect(await verifyPassword(FIXTURE.user.password, found!.passwordHash!)).toBe(true);
    expect((await auth.verifyToken(FIXTURE.deviceToken, "device"))?.name).toBe("Control room wall 1");
  } finally {
    await auth.close();
  }
}

describe("upgrade from release 0.1 (one database file)", () => {
  it("finds the account, the device token and the acknowledgement with its comment", async () => {
    const lines: string[] = [];
    const twin = open(FIXTURE.seed, (l) => lines.push(l));
    try {
      // Release 0.1 stored four domains; this one defines five (domains/): what stored rows mean
      // changed, so the embedded twin is rebuilt (the old file kept aside) and its operations
      // data moved first. The acknowledgement belongs to the old twin: it stays in the audit
      // trail with its comment, and is not pinned on an alert of the new twin.
      expect(lines.join("\n")).toMatch(/moved operations data .* auth_users 1/);
      expect(lines.join("\n")).toContain("starting a new twin");
      expect(fs.readdirSync(dir).some((f) => f.endsWith(".bak"))).toBe(true);
      const trail = twin.audit({ target: FIXTURE.alert.id, limit: 10 });
      expect(trail.map((r) => [r.action, r.actor])).toEqual([["alert.acknowledge", FIXTURE.user.username]]);
      expect(JSON.stringify(trail[0])).toContain(FIXTURE.alert.comment);
      const alert = twin.alerts({ limit: 5000 }).find((a) => a.id === FIXTURE.alert.id);
      expect(alert?.acknowledgedBy ?? null).toBeNull();
    } finally {
      twin.close();
    }
    await expectOperationsIntact();
    // Password and token hashes now live only in the operations store, readable by its owner only.
    const old = new Database(twinFile, { readonly: true });
    expect([...tableNames(old)].filter((t) => t.startsWith("auth_") || t === "audit" || t === "alert_workflow")).toEqual([]);
    old.close();
    expect(fs.statSync(opsFile).mode & 0o777).toBe(0o600);
  });

  it("keeps every operations row when the twin is rebuilt (another seed) and after a second start", async () => {
    open().close();
    const rebuilt = open(FIXTURE.seed + 1);
    try {
      // The twin is new (its old file is kept aside), the audit trail is the same.
      expect(fs.readdirSync(dir).some((f) => f.endsWith(".bak"))).toBe(true);
      expect(rebuilt.audit({ target: FIXTURE.alert.id, limit: 10 }).map((r) => r.actor)).toEqual([FIXTURE.user.username]);
    } finally {
      rebuilt.close();
    }
    // Back to the first seed: the twin is rebuilt again and its alerts may reuse the old ids, but
    // the old acknowledgement belongs to the old twin and does not reappear on a new alert.
    const again = open(FIXTURE.seed);
    try {
      const alert = again.alerts({ limit: 5000 }).find((a) => a.id === FIXTURE.alert.id);
      expect(alert).toMatchObject({ acknowledgedBy: null, comment: null });
      expect(again.audit({ target: FIXTURE.alert.id, limit: 10 }).map((r) => r.action)).toEqual(["alert.acknowledge"]);
    } finally {
      again.close();
    }
    await expectOperationsIntact();
  });

  it("never merges into an operations store that already holds people's work, and drops nothing", async () => {
    const auth = new SqliteOpsStore(opsFile);
    await auth.createUser({ username: "made.after.upgrade", role: "viewer" }, null);
    await auth.close();
    expect(() => open()).toThrow(/already holds auth_users: nothing was merged/);
    const old = new Database(twinFile, { readonly: true });
    expect(old.prepare("SELECT username FROM auth_users").all()).toEqual([{ username: FIXTURE.user.username }]);
    old.close();
  });
});
