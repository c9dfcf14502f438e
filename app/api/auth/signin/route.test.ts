import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { MAX_FAILED_SIGNINS } from "@/lib/ops/auth-rules";
import { setOpsStoreForTesting } from "@/lib/ops/runtime";
import { SqliteOpsStore } from "@/lib/ops/sqlite-store";
import { POST } from "./route";

vi.mock("@/lib/twin/runtime", () => ({ getTwin: () => ({ recordAudit: async () => {} }) }));

const PASSWORD = "correct-horse-battery";
let store: SqliteOpsStore;

beforeAll(async () => {
  store = new SqliteOpsStore(":memory:");
  setOpsStoreForTesting(store);
  await store.createUser({ username: "li.wei", role: "operator", passwordHash: await hashPassword(PASSWORD) }, null);
});

afterAll(async () => {
  setOpsStoreForTesting(undefined);
  await store.close();
});

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  new Request("http://localhost:3310/api/auth/signin", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
  });

// Each sign-in costs a real hash (~0.3-1.5 s at N=2^17 on a busy 2-core machine).
describe("POST /api/auth/signin", { timeout: 120_000 }, () => {
  it("never redirects to another host after signing in, whatever `next` hides behind dot segments", async () => {
    for (const next of ["/..//evil.example/phish", "/.%2e//evil.example/x", "//evil.example/x", "/\\evil.example/x"]) {
      const res = await POST(form({ username: "li.wei", password: PASSWORD, next }));
      expect(res.status, next).toBe(303);
      expect(res.headers.get("location"), next).toBe("/");
      expect(res.headers.get("set-cookie"), next).toContain("twinops_session=");
    }
    const res = await POST(form({ username: "li.wei", password: PASSWORD, next: "/energy?range=7d" }));
    expect(res.headers.get("location")).toBe("/energy?range=7d");
  });

  it("answers a known account and a name that is no account with the same status and body, before and after the lock", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.UTC(2026, 6, 15, 2));
    try {
      const json = (username: string, password: string) =>
        POST(new Request("http://localhost:3310/api/auth/signin", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }) }));
      const answer = async (r: Response) => ({ status: r.status, type: r.headers.get("content-type"), body: await r.text() });
      // Four failures each (without their hashes), then the fifth, which locks, and the sixth.
      for (let i = 1; i < MAX_FAILED_SIGNINS; i++) for (const name of ["li.wei", "nobody"]) await store.recordFailedSignIn(name, "ip:unknown");
      for (const password of ["wrong", PASSWORD]) {
        const known = await answer(await json("li.wei", password));
        const unknown = await answer(await json("nobody", password));
        expect(known.status).toBe(403);
        expect(unknown).toEqual(known);
      }
    } finally {
      vi.useRealTimers();
      await store.unlockUser("li.wei", { actor: "test", role: "-" });
    }
  });

  it("sends a failed sign-in back to /signin with a `next` that stays on the site", async () => {
    const res = await POST(form({ username: "li.wei", password: "wrong", next: "/..//evil.example/phish" }));
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get("location")!, "http://localhost");
    expect(location.pathname).toBe("/signin");
    expect(location.searchParams.get("next")).toBe("/");
  });
});
