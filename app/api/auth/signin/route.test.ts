import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { setAuthStoreForTesting } from "@/lib/auth/server";
import { AuthStore } from "@/lib/auth/store";
import { POST } from "./route";

vi.mock("@/lib/twin/runtime", () => ({ getTwin: () => ({ recordAudit: () => {} }) }));

const PASSWORD = "correct-horse-battery";
let store: AuthStore;

beforeAll(async () => {
  store = new AuthStore(":memory:");
  setAuthStoreForTesting(store);
  store.createUser({ username: "li.wei", role: "operator", passwordHash: await hashPassword(PASSWORD) });
});

afterAll(() => {
  setAuthStoreForTesting(undefined);
  store.close();
});

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  new Request("http://localhost:3310/api/auth/signin", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
  });

describe("POST /api/auth/signin", () => {
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

  it("sends a failed sign-in back to /signin with a `next` that stays on the site", async () => {
    const res = await POST(form({ username: "li.wei", password: "wrong", next: "/..//evil.example/phish" }));
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get("location")!, "http://localhost");
    expect(location.pathname).toBe("/signin");
    expect(location.searchParams.get("next")).toBe("/");
  });
});
