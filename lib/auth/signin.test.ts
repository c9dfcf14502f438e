import { describe, expect, it, vi } from "vitest";
import { hashPassword } from "./password";
import { signInWithPassword } from "./signin";
import { MAX_FAILED_SIGNINS, AuthStore } from "./store";

vi.mock("@/lib/twin/runtime", () => ({ getTwin: () => ({ recordAudit: async () => {} }) }));

describe("password sign-in", () => {
  it("stays locked against guesses sent in parallel, and refuses the right password while locked", async () => {
    const store = new AuthStore(":memory:");
    store.createUser({ username: "victim", role: "admin", passwordHash: await hashPassword("correct-horse-battery") });
    // Each batch passes the lock check together, before any hash finishes.
    for (let round = 0; round < 3; round++) {
      const batch = Array.from({ length: MAX_FAILED_SIGNINS + 2 }, (_, i) => signInWithPassword(store, "victim", `wrong-${round}-${i}`));
      await Promise.all(batch);
      expect(store.userForSignIn("victim")!.user.lockedUntil).not.toBeNull();
    }
    // The right password sent among wrong ones, and alone afterwards: both refused during the lock.
    const mixed = await Promise.all([
      ...Array.from({ length: MAX_FAILED_SIGNINS }, (_, i) => signInWithPassword(store, "victim", `late-${i}`)),
      signInWithPassword(store, "victim", "correct-horse-battery"),
    ]);
    expect(mixed.some((r) => r.ok)).toBe(false);
    expect(await signInWithPassword(store, "victim", "correct-horse-battery")).toMatchObject({ ok: false, reason: "locked" });
  });

  it("signs in with the right password and clears earlier failures", async () => {
    const store = new AuthStore(":memory:");
    store.createUser({ username: "li.wei", role: "operator", passwordHash: await hashPassword("correct-horse-battery") });
    expect(await signInWithPassword(store, "li.wei", "wrong")).toEqual({ ok: false, reason: "invalid" });
    expect(store.userForSignIn("li.wei")!.user.failed).toBe(1);
    expect(await signInWithPassword(store, "li.wei", "correct-horse-battery")).toMatchObject({ ok: true, user: { username: "li.wei" } });
    expect(store.userForSignIn("li.wei")!.user.failed).toBe(0);
  });
});
