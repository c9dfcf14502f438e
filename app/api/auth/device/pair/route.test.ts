/**
 * Wall pairing over HTTP, on the SQLite and the PostgreSQL operations store: a wall starts a
 * pairing (code, QR code, secret), an admin confirms the code, the wall's next ask sets its device
 * cookie; wrong, malformed and reused codes are refused in the problem envelope, an unknown
 * secret learns the code is gone (410), and guessing codes is rate-limited per admin.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csrfToken } from "@/lib/auth/server";
import { PgOpsStore } from "@/lib/ops/pg-store";
import type { OperationsStore } from "@/lib/ops/port";
import { setOpsStoreForTesting } from "@/lib/ops/runtime";
import { SqliteOpsStore } from "@/lib/ops/sqlite-store";
import { dropSchema, freshSchemaName, testPgUrl } from "@/test/pg";
import { POST as start } from "./route";
import { POST as claim } from "./claim/route";
import { POST as confirm } from "@/app/api/admin/walls/pair/route";

const pgUrl = testPgUrl();
const ORIGIN = "http://localhost";

interface Backend {
  name: string;
  open(): Promise<{ store: OperationsStore; close(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: "SQLite operations store",
    async open() {
      const store = new SqliteOpsStore(":memory:");
      return { store, close: () => store.close() };
    },
  },
  ...(pgUrl
    ? [
        {
          name: "PostgreSQL operations store",
          async open() {
            const schema = freshSchemaName("pair_ops");
            const store = await PgOpsStore.open(pgUrl, { schema, max: 2 });
            return {
              store,
              close: async () => {
                await store.close();
                await dropSchema(pgUrl, schema);
              },
            };
          },
        },
      ]
    : []),
];

describe.each(backends)("wall pairing over HTTP: $name", (backend) => {
  let opened: Awaited<ReturnType<Backend["open"]>>;
  let admin: Record<string, string>;
  // A wall's request (the in-process limit of 12 new codes a minute per client is not reached here).
  const client = { "sec-fetch-site": "same-origin" };

  beforeAll(async () => {
    opened = await backend.open();
    setOpsStoreForTesting(opened.store);
    const user = await opened.store.createUser({ username: `admin.${backend.name.slice(0, 3)}`, role: "admin" }, null);
    const sid = await opened.store.createSession(user.id);
    admin = {
      cookie: `twinops_session=${sid}.${await opened.store.sign(sid)}`,
      "x-csrf-token": await csrfToken(sid, opened.store),
      "sec-fetch-site": "same-origin",
      "content-type": "application/json",
    };
  });

  afterAll(async () => {
    setOpsStoreForTesting(undefined);
    await opened?.close();
  });

  const post = (handler: typeof start, path: string, headers: Record<string, string>, body?: unknown) =>
    handler(new Request(`${ORIGIN}${path}`, { method: "POST", headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }), { params: Promise.resolve({}) });

  it("pairs a wall end to end: code and QR code, the admin confirms, the wall's next ask sets its device cookie once", async () => {
    const res = await post(start, "/api/auth/device/pair", client);
    expect(res.status).toBe(200);
    const p = (await res.json()) as { code: string; display: string; secret: string; qrSvg: string; confirmUrl: string; expiresAt: string };
    expect(p.display).toBe(`${p.code.slice(0, 3)} ${p.code.slice(3)}`);
    expect(p.qrSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(p.confirmUrl).toBe(`${ORIGIN}/admin?pair=${p.code}#pair`);
    expect(Date.parse(p.expiresAt) - Date.now()).toBeGreaterThan(9 * 60_000);

    const ask = () => post(claim, "/api/auth/device/pair/claim", { ...client, "content-type": "application/json" }, { secret: p.secret });
    expect(await (await ask()).json()).toMatchObject({ status: "pending" });
    const ok = await post(confirm, "/api/admin/walls/pair", admin, { code: p.code.toLowerCase().replace(/^(...)/, "$1-"), name: "Lobby", boards: ["energy", "city"] });
    expect(ok.status).toBe(200);
    const paired = await ask();
    expect(await paired.json()).toEqual({ status: "paired", path: "/wall/energy?rotate=energy,city" });
    const cookie = paired.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^twinops_device=twk_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax/);
    const token = /twinops_device=([^;]+)/.exec(cookie)![1]!;
    expect((await opened.store.verifyToken(token, "device"))?.scope).toEqual(["energy", "city"]);
    // Collected once: a copy of the secret gets nothing.
    const again = await ask();
    expect(again.status).toBe(410);
    expect(again.headers.get("content-type")).toBe("application/problem+json");
    expect(await again.json()).toMatchObject({ code: "pairing_gone" });
    // The code was single-use.
    const reuse = await post(confirm, "/api/admin/walls/pair", admin, { code: p.code, name: "Again", boards: ["city"] });
    expect([reuse.status, ((await reuse.json()) as { code: string }).code]).toEqual([409, "pairing_used"]);
  });

  it("refuses a malformed code (400), a wrong one (404), unknown boards (422), a bad secret (400), and another site (403)", async () => {
    const p = (await (await post(start, "/api/auth/device/pair", client)).json()) as { code: string };
    const wrong = p.code === "ABCDEF" ? "ABCDEG" : "ABCDEF";
    const cases: [unknown, number, string][] = [
      [{ code: "12", name: "x", boards: ["city"] }, 400, "invalid_body"],
      [{ code: wrong, name: "x", boards: ["city"] }, 404, "pairing_unknown"],
      [{ code: p.code, name: "x", boards: ["lobby"] }, 422, "unknown_board"],
    ];
    for (const [body, status, code] of cases) {
      const res = await post(confirm, "/api/admin/walls/pair", admin, body);
      expect([res.status, ((await res.json()) as { code: string }).code], JSON.stringify(body)).toEqual([status, code]);
    }
    expect((await post(claim, "/api/auth/device/pair/claim", { ...client, "content-type": "application/json" }, { secret: "short" })).status).toBe(400);
    expect((await post(start, "/api/auth/device/pair", { "sec-fetch-site": "cross-site" })).status).toBe(403);
    // Only admins confirm.
    expect((await post(confirm, "/api/admin/walls/pair", { "content-type": "application/json" }, { code: p.code, name: "x", boards: ["city"] })).status).toBe(401);
  });

  it("limits code guesses per admin: after 10 a minute, 429 with Retry-After", async () => {
    let last: Response | undefined;
    for (let i = 0; i < 12; i++) last = await post(confirm, "/api/admin/walls/pair", admin, { code: "AAAAAA", name: "x", boards: ["city"] });
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
