/**
 * One contract, two operations stores: SQLite (SqliteOpsStore, a file) and PostgreSQL (PgOpsStore,
 * a schema of its own) go through the same scenarios. Each harness can open a second store on the
 * same storage, as a second app instance would: what one instance makes (sessions, signatures,
 * locks, tokens) must hold on the other, and failures counted at once on both must all count.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { toProblem } from "@/lib/api/errors";
import { resolveRequest, SESSION_COOKIE } from "@/lib/auth/server";
import { openPg, type PgDb } from "@/lib/store/pg/client";
import { StoreUnavailableError } from "@/lib/twin/sources/embedded-port";
import { dropSchema, freshSchemaName, testPgUrl } from "@/test/pg";
import {
  ACCOUNT_LOCKOUT_MS,
  ACCOUNT_MAX_FAILURES,
  ACCOUNT_WINDOW_MS,
  CLIENT_LOCKOUT_MAX_MS,
  CLIENT_LOCKOUT_MS,
  FAILURES_FORGOTTEN_MS,
  MAX_FAILED_SIGNINS,
  SESSION_MS,
  UserExistsError,
} from "./auth-rules";
import { newPairing, PAIRING_TTL_MS } from "./pairing";
import { PgOpsStore } from "./pg-store";
import type { AuthSecrets, OperationsStore } from "./port";
import { SqliteOpsStore } from "./sqlite-store";

type Row = Record<string, unknown>;

/** One storage (a file, a schema) and the stores opened on it. */
interface Storage {
  /** Opens a store on this storage: another app instance. */
  open(secrets?: AuthSecrets): Promise<OperationsStore>;
  /** Reads rows directly, past the store. */
  rows(sql: string): Promise<Row[]>;
  /** Runs a statement directly (to break the storage on purpose). */
  exec(sql: string): Promise<void>;
  /** Makes `store`'s storage refuse every write, as a read-only file or a standby server would. */
  readOnly(store: OperationsStore): Promise<void>;
}

interface Backend {
  name: string;
  fresh(): Storage;
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

function track(store: OperationsStore): OperationsStore {
  cleanups.push(() => store.close().catch(() => {}));
  return store;
}

const sqlite: Backend = {
  name: "sqlite",
  fresh() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twinops-ops-contract-"));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, "ops.db");
    let direct: SqliteOpsStore | undefined;
    const raw = () => (direct ??= track(new SqliteOpsStore(file)) as SqliteOpsStore).db;
    return {
      open: async (secrets) => track(new SqliteOpsStore(file, secrets)),
      rows: async (sql) => raw().prepare<[], Row>(sql).all(),
      exec: async (sql) => void raw().exec(sql),
      readOnly: async (store) => void (store as SqliteOpsStore).db.pragma("query_only = ON"),
    };
  },
};

const url = testPgUrl();

const postgres: Backend = {
  name: "postgres",
  fresh() {
    const schema = freshSchemaName("ops");
    let direct: Promise<PgDb> | undefined;
    const raw = () => (direct ??= openPg(url!, { schema }).then((db) => (cleanups.push(() => db.close()), db)));
    cleanups.push(() => dropSchema(url!, schema));
    return {
      open: async (secrets) => track(await PgOpsStore.open(url!, { schema, secrets, max: 2 })),
      rows: async (sql) => (await raw()).query<Row>(sql),
      exec: async (sql) => void (await (await raw()).query(sql)),
      // Every write fails with SQLSTATE 25006, as on a standby after a failover.
      readOnly: async () => {
        const db = await raw();
        await db.query(`CREATE FUNCTION refuse_writes() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN RAISE EXCEPTION 'cannot execute % in a read-only transaction', TG_OP USING ERRCODE = '25006'; END $$`);
        for (const t of ["auth_meta", "auth_users", "auth_sessions", "auth_tokens", "audit", "auth_signin_failures"]) {
          await db.query(`CREATE TRIGGER refuse_writes BEFORE INSERT OR UPDATE OR DELETE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION refuse_writes()`);
        }
      },
    };
  },
};

const by = { actor: "admin", role: "admin" };
const auditRows = (s: Storage) => s.rows("SELECT actor, action, target, before, after FROM audit ORDER BY seq");
const quiet = () => {};

describe.each([sqlite, ...(url ? [postgres] : [])])("operations store contract: $name", (backend) => {
  const store = () => backend.fresh().open();

  describe("sign-in locks", () => {
    it("locks an account for one client after MAX_FAILED_SIGNINS failures in a row, other clients not at all", async () => {
      const s = await store();
      const u = await s.createUser({ username: "li.wei", role: "operator", passwordHash: "x" }, by);
      for (let i = 1; i < MAX_FAILED_SIGNINS; i++) expect(await s.recordFailedSignIn("li.wei", "ip:a", 1000)).toBeNull();
      expect(await s.recordFailedSignIn("Li.Wei", "ip:a", 1000)).toEqual({ until: 1000 + CLIENT_LOCKOUT_MS, scope: "client" });
      expect(await s.signInLock("li.wei", "ip:a", 1000)).toEqual({ until: 1000 + CLIENT_LOCKOUT_MS, scope: "client" });
      // Another client is not locked, and the account as such is not either.
      expect(await s.signInLock("li.wei", "ip:b", 1000)).toBeNull();
      expect(await s.recordSignIn("li.wei", "ip:b", 1000)).toBe(true);
      expect(await s.getUser(u.id)).toMatchObject({ failed: MAX_FAILED_SIGNINS, lockedUntil: null });
      // The locked client gets in once its lock is over, and its failures are forgotten.
      expect(await s.recordSignIn("li.wei", "ip:a", 1000)).toBe(false);
      expect(await s.recordSignIn("li.wei", "ip:a", 1000 + CLIENT_LOCKOUT_MS)).toBe(true);
      for (let i = 1; i < MAX_FAILED_SIGNINS; i++) expect(await s.recordFailedSignIn("li.wei", "ip:a", 2 * CLIENT_LOCKOUT_MS)).toBeNull();
    });

    it("doubles a client's lock at each further failure, up to CLIENT_LOCKOUT_MAX_MS, and forgets a quiet client", async () => {
      const s = await store();
      let t = 0;
      for (let i = 1; i < MAX_FAILED_SIGNINS; i++) await s.recordFailedSignIn("li.wei", "ip:a", t);
      const locks: number[] = [];
      for (let i = 0; i < 8; i++) {
        const lock = await s.recordFailedSignIn("li.wei", "ip:a", t);
        locks.push(lock!.until - t);
        t = lock!.until;
      }
      expect(locks.map((ms) => ms / CLIENT_LOCKOUT_MS)).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);
      expect(CLIENT_LOCKOUT_MAX_MS).toBe(60 * CLIENT_LOCKOUT_MS);
      // A day without a failure: the count starts again.
      expect(await s.recordFailedSignIn("li.wei", "ip:a", t + FAILURES_FORGOTTEN_MS + 1)).toBeNull();
    });

    it("keeps a lock in force against guesses that finish after it, and refuses a right password then", async () => {
      // Parallel guesses all pass the lock check before their hash; the late ones must not unlock or lengthen it.
      const s = await store();
      await s.createUser({ username: "li.wei", role: "operator", passwordHash: "x" }, by);
      for (let i = 0; i < MAX_FAILED_SIGNINS; i++) await s.recordFailedSignIn("li.wei", "ip:a", 1000);
      for (let i = 0; i < 3 * MAX_FAILED_SIGNINS; i++) {
        expect(await s.recordFailedSignIn("li.wei", "ip:a", 1000 + i)).toEqual({ until: 1000 + CLIENT_LOCKOUT_MS, scope: "client" });
      }
      expect(await s.recordSignIn("li.wei", "ip:a", 2000)).toBe(false);
      expect((await s.signInLock("li.wei", "ip:a", 2000))?.until).toBe(1000 + CLIENT_LOCKOUT_MS);
    });

    it("locks the account for every client at ACCOUNT_MAX_FAILURES failures within the window; an unlock clears it all, on the audit trail", async () => {
      const storage = backend.fresh();
      const s = await storage.open();
      const u = await s.createUser({ username: "admin", role: "admin", passwordHash: "x" }, null);
      // Each client stays under its own limit.
      let lock = null;
      for (let i = 0; i < ACCOUNT_MAX_FAILURES; i++) lock = await s.recordFailedSignIn("admin", `ip:10.0.${i >> 8}.${i & 255}`, 1000 + i);
      const until = 1000 + ACCOUNT_MAX_FAILURES - 1 + ACCOUNT_LOCKOUT_MS;
      expect(lock).toEqual({ until, scope: "account" });
      expect(await s.signInLock("admin", "ip:192.0.2.1", 5000)).toEqual({ until, scope: "account" });
      expect(await s.recordSignIn("admin", "ip:192.0.2.1", 5000)).toBe(false);
      expect((await s.getUser(u.id))?.lockedUntil).toBe(until);
      // Failures further apart than the window do not add up.
      const t = until + 1;
      for (let i = 0; i < 2 * ACCOUNT_MAX_FAILURES; i++) {
        expect(await s.recordFailedSignIn("admin", `ip:10.1.${i >> 8}.${i & 255}`, t + i * Math.ceil(ACCOUNT_WINDOW_MS / (ACCOUNT_MAX_FAILURES - 1)))).toBeNull();
      }
      // An unlock (admin, `npm run admin -- unlock`) clears it all.
      for (let i = 0; i < MAX_FAILED_SIGNINS; i++) await s.recordFailedSignIn("admin", "ip:a", t);
      await s.unlockUser("ADMIN", { actor: "(cli)", role: "-" });
      expect(await s.signInLock("admin", "ip:a", t)).toBeNull();
      expect(await storage.rows("SELECT count(*) AS n FROM auth_signin_failures")).toEqual([{ n: 0 }]);
      expect(await auditRows(storage)).toEqual([{ actor: "(cli)", action: "user.unlock", target: "user:ADMIN", before: null, after: null }]);
    });

    it("counts and locks a name that is no account exactly like one that is", async () => {
      const s = await store();
      await s.createUser({ username: "known", role: "operator", passwordHash: "x" }, by);
      for (let i = 0; i < MAX_FAILED_SIGNINS - 1; i++) {
        expect(await s.recordFailedSignIn("known", "ip:a", 1000)).toEqual(await s.recordFailedSignIn("unknown", "ip:a", 1000));
      }
      const known = await s.recordFailedSignIn("known", "ip:a", 1000);
      expect(known).not.toBeNull();
      expect(await s.recordFailedSignIn("unknown", "ip:a", 1000)).toEqual(known);
      expect(await s.signInLock("unknown", "ip:a", 1000)).toEqual(await s.signInLock("known", "ip:a", 1000));
    });

    it("a new password set by an admin unlocks the account for every client", async () => {
      const s = await store();
      const u = await s.createUser({ username: "li.wei", role: "operator", passwordHash: "x" }, by);
      for (let i = 0; i < MAX_FAILED_SIGNINS; i++) await s.recordFailedSignIn("li.wei", "ip:a", Date.now());
      expect(await s.signInLock("li.wei", "ip:a")).not.toBeNull();
      await s.updateUser(u.id, { passwordHash: "y" }, by);
      expect(await s.signInLock("li.wei", "ip:a")).toBeNull();
    });
  });

  describe("accounts", () => {
    it("replaces a hash with a rehash only while it is unchanged", async () => {
      const s = await store();
      const u = await s.createUser({ username: "li.wei", role: "operator", passwordHash: "old" }, by);
      expect(await s.rehashPassword(u.id, "stale", "new")).toBe(false);
      expect(await s.rehashPassword(u.id, "old", "new")).toBe(true);
      expect((await s.userForSignIn("li.wei"))?.passwordHash).toBe("new");
    });

    it("finds accounts case-insensitively, keeps names unique, and lists them by name", async () => {
      const s = await store();
      await s.createUser({ username: "Li.Wei", role: "viewer", domains: ["energy"] }, by);
      await s.createUser({ username: "chen", role: "admin" }, by);
      expect((await s.userForSignIn("li.wei"))?.user.domains).toEqual(["energy"]);
      await expect(s.createUser({ username: "li.wei", role: "admin" }, by)).rejects.toBeInstanceOf(UserExistsError);
      expect((await s.listUsers()).map((u) => u.username)).toEqual(["chen", "Li.Wei"]);
      expect(await s.userCount()).toBe(2);
    });

    it("writes each change and its audit record together, or neither", async () => {
      const storage = backend.fresh();
      const s = await storage.open();
      const u = await s.createUser({ username: "chen.jie", role: "operator" }, by);
      await s.updateUser(u.id, { role: "admin" }, by);
      await s.updateUser(u.id, { passwordHash: "h" }, { actor: "(cli)", role: "-" });
      const { record } = await s.issueToken("device", "wall 1", ["city"], by);
      await s.revokeToken(record.id, by);
      // Nothing changed: nothing recorded (a revoked token revoked again, no such account, a name taken).
      await s.revokeToken(record.id, by);
      expect(await s.updateUser("nobody", { role: "viewer" }, by)).toBeNull();
      await expect(s.createUser({ username: "CHEN.JIE", role: "viewer" }, by)).rejects.toBeInstanceOf(UserExistsError);
      const account = (role: string) => ({ role, domains: [], disabled: false });
      expect((await auditRows(storage)).map((r) => ({ ...r, before: JSON.parse(String(r.before)), after: JSON.parse(String(r.after)) }))).toEqual([
        { actor: "admin", action: "user.create", target: "user:chen.jie", before: null, after: { role: "operator", domains: [] } },
        { actor: "admin", action: "user.update", target: "user:chen.jie", before: account("operator"), after: account("admin") },
        { actor: "(cli)", action: "user.password", target: "user:chen.jie", before: account("admin"), after: account("admin") },
        { actor: "admin", action: "token.issue", target: `token:${record.id}`, before: null, after: { kind: "device", name: "wall 1", scope: ["city"] } },
        { actor: "admin", action: "token.revoke", target: `token:${record.id}`, before: { revokedAt: null }, after: { revokedAt: expect.any(Number) } },
      ]);
      // The record cannot be written (its table is gone): the change is rolled back too.
      await storage.exec("ALTER TABLE audit RENAME TO audit_away");
      await expect(s.updateUser(u.id, { role: "viewer" }, by)).rejects.toThrow();
      await expect(s.issueToken("feed", "f", [], by)).rejects.toThrow();
      await storage.exec("ALTER TABLE audit_away RENAME TO audit");
      expect((await s.getUser(u.id))?.role).toBe("admin");
      expect(await s.listTokens("feed")).toEqual([]);
    });

    it("an SSO subject gets its own account, never a local one's, and follows its claims", async () => {
      const storage = backend.fresh();
      const s = await storage.open();
      await s.createUser({ username: "chen", role: "admin" }, null);
      const claims = { issuer: "https://sso", sub: "42", username: "chen", displayName: "Chen" };
      const a = await s.upsertOidcUser({ ...claims, role: "viewer", domains: ["health"] });
      expect(a.username).toBe("chen-2");
      expect(a.role).toBe("viewer");
      const b = await s.upsertOidcUser({ ...claims, role: "operator", domains: [] });
      expect(b.id).toBe(a.id);
      expect(b.role).toBe("operator");
      await s.upsertOidcUser({ ...claims, role: "operator", domains: [] });
      // Creation and the provider's role change are on the audit trail; an unchanged sign-in is not.
      const audit = await auditRows(storage);
      expect(audit.map((r) => [r.actor, r.action])).toEqual([
        ["(sso)", "user.create"],
        ["(sso)", "user.update"],
      ]);
      expect(JSON.parse(String(audit[1]!.before))).toEqual({ role: "viewer", domains: ["health"] });
      expect(JSON.parse(String(audit[1]!.after))).toEqual({ role: "operator", domains: [] });
    });
  });

  describe("sessions and tokens", () => {
    it("sessions expire, end on sign-out, and end when the account is disabled or changed", async () => {
      const s = await store();
      const u = await s.createUser({ username: "a", role: "admin" }, null);
      const sid = await s.createSession(u.id, 0);
      expect((await s.sessionUser(sid, 1))?.id).toBe(u.id);
      expect(await s.sessionUser(sid, SESSION_MS + 1)).toBeNull();
      const sid2 = await s.createSession(u.id);
      await s.updateUser(u.id, { disabled: true }, by);
      expect(await s.sessionUser(sid2)).toBeNull();
      await s.updateUser(u.id, { disabled: false }, by);
      const sid3 = await s.createSession(u.id);
      expect(await s.sessionUser(sid3)).not.toBeNull();
      await s.deleteSession(sid3);
      expect(await s.sessionUser(sid3)).toBeNull();
    });

    it("stores only hashes: a session id or token is useless without its secret", async () => {
      const storage = backend.fresh();
      const s = await storage.open();
      const u = await s.createUser({ username: "a", role: "admin" }, null);
      const sid = await s.createSession(u.id);
      const { token } = await s.issueToken("device", "wall 1", ["city"], by);
      const dump = JSON.stringify(await storage.rows("SELECT * FROM auth_sessions")) + JSON.stringify(await storage.rows("SELECT * FROM auth_tokens"));
      expect(dump).not.toContain(sid);
      // The secret is everything after "twk_<id>_" (it may itself contain "_").
      expect(dump).not.toContain(token.slice("twk_".length + 13));
    });

    it("tokens verify for their kind only, and never once revoked or tampered with; last use is kept to the minute", async () => {
      const s = await store();
      const { token, record } = await s.issueToken("device", "wall 1", ["city", "energy"], by, 0);
      expect(record).toMatchObject({ kind: "device", createdBy: "admin", createdAt: 0, lastUsedAt: null, revokedAt: null });
      expect((await s.verifyToken(token, "device", 120_000))?.scope).toEqual(["city", "energy"]);
      expect(await s.verifyToken(token, "feed")).toBeNull();
      expect(await s.verifyToken(`${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`, "device")).toBeNull();
      expect(await s.verifyToken("twk_nonsense", "device")).toBeNull();
      await expect.poll(async () => (await s.getToken(record.id))?.lastUsedAt).toBe(120_000);
      await s.revokeToken(record.id, by);
      expect(await s.verifyToken(token, "device")).toBeNull();
      expect((await s.listTokens()).map((t) => t.id)).toEqual([record.id]);
    });
  });

  describe("wall pairing", () => {
    const T0 = 1_800_000_000_000;
    it("pairs a wall once: the admin confirms the code, the wall collects a working device token once", async () => {
      const storage = backend.fresh();
      const s = await storage.open();
      const p = newPairing();
      expect(await s.startPairing({ code: p.code, secretHash: p.secretHash, client: "ip:10.0.0.9" }, T0)).toEqual({ expiresAt: T0 + PAIRING_TTL_MS });
      // The same code while it is kept: the caller must draw another.
      expect(await s.startPairing({ code: p.code, secretHash: "other", client: "ip:x" }, T0)).toBeNull();
      expect(await s.claimPairing(p.secretHash, T0 + 1000)).toEqual({ status: "pending", expiresAt: T0 + PAIRING_TTL_MS });
      const ok = await s.confirmPairing(p.code, { name: "Lobby wall", scope: ["energy", "city"] }, by, T0 + 2000);
      if (!ok.ok) throw new Error(ok.reason);
      expect(ok.record).toMatchObject({ kind: "device", name: "Lobby wall", scope: ["energy", "city"], createdBy: "admin" });
      // Single use: confirming again is refused, and the token is handed over once.
      expect(await s.confirmPairing(p.code, { name: "again", scope: ["city"] }, by, T0 + 3000)).toEqual({ ok: false, reason: "used" });
      const claim = await s.claimPairing(p.secretHash, T0 + 4000);
      if (claim.status !== "paired") throw new Error(claim.status);
      expect(claim.scope).toEqual(["energy", "city"]);
      expect((await s.verifyToken(claim.token, "device", T0 + 5000))?.id).toBe(ok.record.id);
      expect(await s.claimPairing(p.secretHash, T0 + 6000)).toEqual({ status: "gone" });
      // Nothing of the token is left in the pairing row.
      expect(await storage.rows("SELECT token, claimed_at FROM wall_pairings")).toEqual([{ token: null, claimed_at: T0 + 4000 }]);
      expect((await auditRows(storage)).map((r) => [r.action, r.target])).toEqual([
        ["token.issue", `token:${ok.record.id}`],
        ["wall.pair", `token:${ok.record.id}`],
        ["wall.pair.refused", `pairing:${p.code}`],
      ]);
    });

    it("refuses a wrong code and an expired one, and the wall of an expired code learns it is gone", async () => {
      const storage = backend.fresh();
      const s = await storage.open();
      const p = newPairing();
      await s.startPairing({ code: p.code, secretHash: p.secretHash, client: "ip:1" }, T0);
      const wrong = p.code === "AAAAAA" ? "BBBBBB" : "AAAAAA";
      expect(await s.confirmPairing(wrong, { name: "w", scope: ["city"] }, by, T0 + 1)).toEqual({ ok: false, reason: "unknown" });
      expect(await s.confirmPairing(p.code, { name: "w", scope: ["city"] }, by, T0 + PAIRING_TTL_MS)).toEqual({ ok: false, reason: "expired" });
      expect(await s.claimPairing(p.secretHash, T0 + PAIRING_TTL_MS)).toEqual({ status: "gone" });
      expect(await s.claimPairing("no such secret", T0)).toEqual({ status: "gone" });
      expect(await s.listTokens()).toEqual([]);
      expect((await auditRows(storage)).map((r) => JSON.parse(String(r.after)))).toEqual([{ reason: "unknown" }, { reason: "expired" }]);
    });

    it("pushes other boards to a paired wall, audited; a revoked or unknown token takes none", async () => {
      const storage = backend.fresh();
      const s = await storage.open();
      const { record } = await s.issueToken("device", "wall", ["city"], by);
      expect((await s.setTokenScope(record.id, ["transport", "health"], by))?.scope).toEqual(["transport", "health"]);
      expect((await s.getToken(record.id))?.scope).toEqual(["transport", "health"]);
      const last = (await auditRows(storage)).at(-1)!;
      expect([last.action, JSON.parse(String(last.before)), JSON.parse(String(last.after))]).toEqual(["token.scope", { scope: ["city"] }, { scope: ["transport", "health"] }]);
      await s.revokeToken(record.id, by);
      expect(await s.setTokenScope(record.id, ["city"], by)).toBeNull();
      expect(await s.setTokenScope("nope", ["city"], by)).toBeNull();
    });
  });

  describe("signatures", () => {
    const A = "a".repeat(32) + "-first-secret";
    const B = "b".repeat(32) + "-second-secret";

    it("signs with a per-database secret that survives reopening", async () => {
      const storage = backend.fresh();
      const s = await storage.open();
      expect(await s.verifySignature("v", await s.sign("v"))).toBe(true);
      expect(await s.verifySignature("v", await s.sign("w"))).toBe(false);
      const signature = await s.sign("v");
      await s.close();
      const again = await storage.open();
      expect(await again.verifySignature("v", signature)).toBe(true);
      // Another database has a key of its own.
      expect(await (await store()).verifySignature("v", signature)).toBe(false);
    });

    it("signs with TWINOPS_SESSION_SECRET instead of the database's key, so a copy of the database forges nothing", async () => {
      const storage = backend.fresh();
      const withEnv = await storage.open({ secret: A });
      const signature = await withEnv.sign("session-id");
      // Another database, same secret: verifies. The same database without it (a stolen copy): does not.
      expect(await (await backend.fresh().open({ secret: A })).verifySignature("session-id", signature)).toBe(true);
      const copy = await storage.open();
      expect(await copy.verifySignature("session-id", signature)).toBe(false);
      // And what the database's own key signs is not accepted once the secret is set.
      expect(await withEnv.verifySignature("v", await copy.sign("v"))).toBe(false);
    });

    it("rotates: the previous secret still verifies but no longer signs", async () => {
      const storage = backend.fresh();
      const before = await storage.open({ secret: A });
      const during = await storage.open({ secret: B, previousSecret: A });
      const after = await storage.open({ secret: B });
      const old = await before.sign("sid");
      expect(await during.verifySignature("sid", old)).toBe(true);
      expect(await during.sign("sid")).not.toBe(old);
      expect(await during.verifySignature("sid", await during.sign("sid"))).toBe(true);
      expect(await after.verifySignature("sid", old)).toBe(false);
      expect(await during.verifySignature("sid", "x")).toBe(false);
    });
  });

  describe("two instances on one store", () => {
    it("start together and make one database secret: a session and CSRF token made on one hold on the other", async () => {
      const storage = backend.fresh();
      const [a, b] = await Promise.all([storage.open(), storage.open()]);
      const u = await a.createUser({ username: "li.wei", role: "operator" }, null);
      const sid = await a.createSession(u.id);
      expect((await b.sessionUser(sid))?.username).toBe("li.wei");
      expect(await b.verifySignature(sid, await a.sign(sid))).toBe(true);
      const csrf = await a.sign(`csrf:${sid}`);
      expect(await b.verifySignature(`csrf:${sid}`, csrf)).toBe(true);
      // Signed out on the other: gone on the first.
      await b.deleteSession(sid);
      expect(await a.sessionUser(sid)).toBeNull();
      expect(await storage.rows("SELECT count(*) AS n FROM auth_meta WHERE key = 'secret'")).toEqual([{ n: 1 }]);
    });

    it("a lockout tripped on one holds on the other, and an unlock on the other lifts it", async () => {
      const storage = backend.fresh();
      const [a, b] = [await storage.open(), await storage.open()];
      for (let i = 0; i < MAX_FAILED_SIGNINS; i++) await a.recordFailedSignIn("li.wei", "ip:a", 1000);
      expect(await b.signInLock("li.wei", "ip:a", 1000)).toEqual({ until: 1000 + CLIENT_LOCKOUT_MS, scope: "client" });
      expect(await b.recordSignIn("li.wei", "ip:a", 1000)).toBe(false);
      await b.unlockUser("li.wei", by);
      expect(await a.signInLock("li.wei", "ip:a", 1000)).toBeNull();
    });

    it("a device token issued on one verifies on the other, until revoked there", async () => {
      const storage = backend.fresh();
      const [a, b] = [await storage.open(), await storage.open()];
      const { token, record } = await a.issueToken("device", "wall 1", ["city"], by);
      expect((await b.verifyToken(token, "device"))?.id).toBe(record.id);
      await b.revokeToken(record.id, by);
      expect(await a.verifyToken(token, "device")).toBeNull();
    });

    it("counts failures made at once on both exactly, and locks once the ceiling is reached", async () => {
      const storage = backend.fresh();
      const [a, b] = [await storage.open(), await storage.open()];
      const n = 40;
      // Distinct clients: no client lock stops the count; the account-wide row takes every one.
      await Promise.all(Array.from({ length: n }, (_, i) => (i % 2 ? a : b).recordFailedSignIn("admin", `ip:10.2.0.${i}`, 1000 + i)));
      expect(await storage.rows("SELECT failed FROM auth_signin_failures WHERE username = 'admin' AND client = '*'")).toEqual([{ failed: n }]);
      // Up to one short of the ceiling, again at once: no lock; the next one (had any been lost, it would not) locks.
      const rest = ACCOUNT_MAX_FAILURES - n - 1;
      const locks = await Promise.all(Array.from({ length: rest }, (_, i) => (i % 2 ? a : b).recordFailedSignIn("admin", `ip:10.3.0.${i}`, 2000)));
      expect(locks.filter((l) => l !== null)).toEqual([]);
      expect(await a.recordFailedSignIn("admin", "ip:10.4.0.1", 2000)).toEqual({ until: 2000 + ACCOUNT_LOCKOUT_MS, scope: "account" });
      expect(await b.signInLock("admin", "ip:192.0.2.9", 2000)).toEqual({ until: 2000 + ACCOUNT_LOCKOUT_MS, scope: "account" });
    });
  });

  describe("a store that cannot be written", () => {
    it("still lets a session and a device token in (last use is bookkeeping), and answers a write with 503", async () => {
      const storage = backend.fresh();
      const s = await storage.open();
      const u = await s.createUser({ username: "li.wei", role: "operator" }, null);
      const sid = await s.createSession(u.id);
      const cookie = `${SESSION_COOKIE}=${sid}.${await s.sign(sid)}`;
      const { token } = await s.issueToken("device", "wall", ["city"], by, 0);
      await storage.readOnly(s);
      const req = (headers: Record<string, string>) => new Request("http://twinops.test/api/twin/v1/kpis", { headers });
      expect((await resolveRequest(req({ authorization: `Bearer ${token}` }), s)).principal).toMatchObject({ kind: "device", name: "device:wall" });
      expect((await resolveRequest(req({ cookie }), s)).principal).toMatchObject({ kind: "user", name: "li.wei" });
      expect(await s.verifyToken(token, "device", 120_000)).not.toBeNull();
      // A write that is not bookkeeping fails as the store's failure, which the API answers 503.
      const err = await s.createSession(u.id).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreUnavailableError);
      expect(toProblem(err, quiet)).toMatchObject({ status: 503, code: "store_unavailable" });
    });

    it("answers 503, never 500, once closed", async () => {
      const s = await backend.fresh().open();
      await s.close();
      const err = await s.userForSignIn("x").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreUnavailableError);
      expect(toProblem(err, quiet).status).toBe(503);
    });
  });
});

describe.skipIf(!url)("PostgreSQL operations store failures", () => {
  it("a server that refuses connections is a 503 at open", async () => {
    const err = await PgOpsStore.open("postgres://twinops@127.0.0.1:1/twinops", { schema: "nowhere_ops" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect(toProblem(err, quiet)).toMatchObject({ status: 503, code: "store_unavailable" });
  });
});
