/**
 * The wrapper's hardening, with a fake route: access levels, generic 500s, request timeouts and
 * rate limits (429 + Retry-After), each as a client sees it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SqliteOpsStore } from "@/lib/ops/sqlite-store";

type Handler = typeof import("./handler");
let api: Handler;
let store: SqliteOpsStore;
let token: string;

beforeAll(async () => {
  vi.resetModules();
  vi.stubEnv("TWINOPS_RATE_LIMIT", "1:3");
  vi.stubEnv("TWINOPS_REQUEST_TIMEOUT_MS", "200");
  vi.stubEnv("TWINOPS_LOG_LEVEL", "error");
  // One proxy in front, so each test's X-Forwarded-For address is a client of its own.
  vi.stubEnv("TWINOPS_TRUST_PROXY", "1");
  api = await import("./handler");
  const { SqliteOpsStore } = await import("@/lib/ops/sqlite-store");
  const { setOpsStoreForTesting } = await import("@/lib/ops/runtime");
  store = new SqliteOpsStore(":memory:");
  setOpsStoreForTesting(store);
  token = (await store.issueToken("device", "test wall", ["city"], { actor: "test", role: "-" })).token;
});

afterAll(() => {
  vi.unstubAllEnvs();
});

const req = (path: string, headers: Record<string, string> = {}) => new Request(`http://localhost${path}`, { headers });

describe("withApi hardening", () => {
  it("answers 401 with WWW-Authenticate without credentials, and never runs the handler", async () => {
    let ran = false;
    const h = api.withApi({}, () => {
      ran = true;
      return { secret: 1 };
    });
    const res = await h(req("/x?anon=1", { "x-forwarded-for": "10.0.0.1" }));
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain("Bearer");
    expect(ran).toBe(false);
  });

  it("turns an unexpected error into a generic 500: the details stay in the server log", async () => {
    const h = api.withApi({ access: "public" }, () => {
      throw new Error("SQLITE_CORRUPT at /srv/secret/path.db");
    });
    const res = await h(req("/x", { "x-forwarded-for": "10.0.0.2" }));
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(body).not.toContain("SQLITE");
    expect(body).not.toContain("/srv");
    expect(JSON.parse(body)).toMatchObject({ status: 500, code: "internal_error" });
  });

  it("answers 503 with Retry-After when a handler takes longer than the request timeout", async () => {
    const h = api.withApi({ access: "public" }, () => new Promise(() => undefined));
    const t0 = Date.now();
    const res = await h(req("/x", { "x-forwarded-for": "10.0.0.3" }));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it("limits each client to its burst, with Retry-After, without slowing the others", async () => {
    const h = api.withApi({ access: "read" }, () => ({ ok: true }));
    const auth = { authorization: `Bearer ${token}` };
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await h(req("/x", auth))).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await h(req("/x", auth));
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // Someone else (another address, signed out) is not affected by that client's flood.
    expect((await h(req("/x", { "x-forwarded-for": "10.9.9.9" }))).status).toBe(401);
  });

  it("with no proxy in front (TWINOPS_TRUST_PROXY=0) a client cannot escape its limit by writing X-Forwarded-For", async () => {
    vi.stubEnv("TWINOPS_TRUST_PROXY", "0");
    try {
      const h = api.withApi({ access: "public" }, () => ({ ok: true }));
      const statuses: number[] = [];
      for (let i = 1; i <= 5; i++) statuses.push((await h(req("/x", { "x-forwarded-for": `198.51.100.${i}` }))).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
    } finally {
      vi.stubEnv("TWINOPS_TRUST_PROXY", "1");
    }
  });
});
