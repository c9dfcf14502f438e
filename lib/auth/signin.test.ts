import { describe, expect, it, vi } from "vitest";
import { hashPassword, verifyPassword } from "./password";
import { signInWithPassword } from "./signin";
import { CLIENT_LOCKOUT_MS, MAX_FAILED_SIGNINS } from "@/lib/ops/auth-rules";
import { SqliteOpsStore } from "@/lib/ops/sqlite-store";

vi.mock("@/lib/twin/runtime", () => ({ getTwin: () => ({ recordAudit: async () => {} }) }));

const PASSWORD = "correct-horse-battery";
const NOW = Date.UTC(2026, 6, 15, 2);

async function storeWith(username: string, passwordHash?: string): Promise<SqliteOpsStore> {
  const store = new SqliteOpsStore(":memory:");
  await store.createUser({ username, role: "admin", passwordHash: passwordHash ?? (await hashPassword(PASSWORD)) }, null);
  return store;
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const t0 = performance.now();
  const result = await work();
  return { result, ms: performance.now() - t0 };
}

// Each sign-in costs a real hash (~0.3-1.5 s at N=2^17 on a busy 2-core machine).
describe("password sign-in", { timeout: 120_000 }, () => {
  it("stays locked for a client against guesses it sends in parallel, and refuses the right password from it while locked", async () => {
    const store = await storeWith("victim");
    // Each batch passes the lock check together, before any hash finishes.
    const batch = Array.from({ length: MAX_FAILED_SIGNINS + 1 }, (_, i) => signInWithPassword(store, "victim", `wrong-${i}`, "ip:198.51.100.9"));
    await Promise.all(batch);
    expect(await store.signInLock("victim", "ip:198.51.100.9")).not.toBeNull();
    // The right password sent among wrong ones, and alone afterwards: both refused during the lock.
    const mixed = await Promise.all([
      ...Array.from({ length: 2 }, (_, i) => signInWithPassword(store, "victim", `late-${i}`, "ip:198.51.100.9")),
      signInWithPassword(store, "victim", PASSWORD, "ip:198.51.100.9"),
    ]);
    expect(mixed.some((r) => r.ok)).toBe(false);
    expect(await signInWithPassword(store, "victim", PASSWORD, "ip:198.51.100.9")).toMatchObject({ ok: false, reason: "locked" });
  });

  it("locks out the guesser, not the owner: the right password from another client signs in", async () => {
    const store = await storeWith("admin");
    for (let i = 0; i < MAX_FAILED_SIGNINS; i++) await signInWithPassword(store, "admin", `guess-${i}`, "ip:203.0.113.66", NOW);
    expect(await signInWithPassword(store, "admin", PASSWORD, "ip:203.0.113.66", NOW)).toEqual({ ok: false, reason: "locked", lockedUntil: NOW + CLIENT_LOCKOUT_MS });
    expect(await signInWithPassword(store, "admin", PASSWORD, "ip:192.0.2.10", NOW)).toMatchObject({ ok: true, user: { username: "admin" } });
  });

  it("signs in with the right password and forgets the client's earlier failures", async () => {
    const store = await storeWith("li.wei");
    expect(await signInWithPassword(store, "li.wei", "wrong", "ip:a", NOW)).toEqual({ ok: false, reason: "invalid" });
    expect((await store.userForSignIn("li.wei"))!.user.failed).toBe(1);
    expect(await signInWithPassword(store, "li.wei", PASSWORD, "ip:a", NOW)).toMatchObject({ ok: true, user: { username: "li.wei" } });
    expect(store.db.prepare("SELECT count(*) AS n FROM auth_signin_failures WHERE client = 'ip:a'").get()).toEqual({ n: 0 });
  });

  it("answers a known account and a name that is no account alike, also once locked, and takes a hash's time for both", async () => {
    const store = await storeWith("admin");
    expect(await signInWithPassword(store, "nobody", "guess", "ip:a", NOW)).toEqual(await signInWithPassword(store, "admin", "guess", "ip:a", NOW));
    // The failures in between, without their hashes; the last one locks both alike.
    for (let i = 2; i < MAX_FAILED_SIGNINS; i++) for (const name of ["admin", "nobody"]) await store.recordFailedSignIn(name, "ip:a", NOW);
    expect(await signInWithPassword(store, "nobody", "guess", "ip:a", NOW)).toEqual(await signInWithPassword(store, "admin", "guess", "ip:a", NOW));
    // Locked (the right password for the known account, which is refused all the same).
    const known = await timed(() => signInWithPassword(store, "admin", PASSWORD, "ip:a", NOW));
    const unknown = await timed(() => signInWithPassword(store, "nobody", PASSWORD, "ip:a", NOW));
    expect(known.result).toEqual({ ok: false, reason: "locked", lockedUntil: NOW + CLIENT_LOCKOUT_MS });
    expect(unknown.result).toEqual(known.result);
    // A locked answer still runs the hash: it took ~1 ms before, an unknown name's a hash's time.
    // One scrypt at N=2^17 moves 2 x 128 MiB through memory, well over 40 ms on any machine.
    expect(known.ms).toBeGreaterThan(40);
    expect(unknown.ms).toBeGreaterThan(40);
    // Disabled and SSO-only accounts answer like unknown ones too.
    const u = await store.createUser({ username: "gone", role: "operator", passwordHash: (await store.userForSignIn("admin"))!.passwordHash }, null);
    await store.updateUser(u.id, { disabled: true }, { actor: "admin", role: "admin" });
    await store.createUser({ username: "sso.only", role: "operator" }, null);
    for (const name of ["gone", "sso.only"]) {
      expect(await signInWithPassword(store, name, PASSWORD, "ip:b", NOW), name).toEqual({ ok: false, reason: "invalid" });
    }
  });

  it("rehashes a password stored at an older cost at the next successful sign-in, keeping the password", async () => {
    const old = await hashPassword(PASSWORD, { N: 2 ** 15, r: 8, p: 1 });
    const store = await storeWith("li.wei", old);
    expect(await signInWithPassword(store, "li.wei", "wrong", "ip:a", NOW)).toMatchObject({ ok: false });
    expect((await store.userForSignIn("li.wei"))!.passwordHash).toBe(old);
    expect(await signInWithPassword(store, "li.wei", PASSWORD, "ip:a", NOW)).toMatchObject({ ok: true });
    const now = (await store.userForSignIn("li.wei"))!.passwordHash!;
    expect(now).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await verifyPassword(PASSWORD, now)).toBe(true);
    expect(await signInWithPassword(store, "li.wei", PASSWORD, "ip:a", NOW)).toMatchObject({ ok: true });
    expect((await store.userForSignIn("li.wei"))!.passwordHash).toBe(now);
  });
});
