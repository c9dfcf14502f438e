/**
 * POST /api/twin/v1/alerts/{id}/actions as the route sees it: a signed-in operator (session cookie
 * and CSRF token checked against the operations store, on SQLite and on PostgreSQL), the body
 * cleaned, assignees checked against the accounts, the per-person cap, and the twin's answer (a stand-in here: the twins' own
 * `actOnAlert` is tested with each backend, lib/twin/sources/*.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { csrfToken } from "@/lib/auth/server";
import { PgOpsStore } from "@/lib/ops/pg-store";
import type { OperationsStore } from "@/lib/ops/port";
import { setOpsStoreForTesting } from "@/lib/ops/runtime";
import { SqliteOpsStore } from "@/lib/ops/sqlite-store";
import { dropSchema, freshSchemaName, testPgUrl } from "@/test/pg";
import type { AlertActionInput } from "@/lib/twin/alerts/workflow";
import { POST } from "./route";
import { GET as assignees } from "../../assignees/route";

/** The twin as far as this route sees it: every action succeeds, and what reached it is kept. */
const received: AlertActionInput[] = [];
vi.mock("@/lib/twin/runtime", () => ({
  getTwin: () => ({
    actOnAlert: (id: string, input: AlertActionInput) => {
      received.push(input);
      return { ok: true, alert: { id, geometry: { type: "Point", coordinates: [114.06, 22.54] }, state: "acknowledged", comment: input.comment ?? null } };
    },
  }),
}));

const pgUrl = testPgUrl();

interface Backend {
  name: string;
  open(): Promise<{ store: OperationsStore; close(): Promise<void> }>;
}

const sqlite: Backend = {
  name: "SQLite operations store",
  async open() {
    const store = new SqliteOpsStore(":memory:");
    return { store, close: () => store.close() };
  },
};

const postgres: Backend = {
  name: "PostgreSQL operations store",
  async open() {
    const schema = freshSchemaName("act_ops");
    const store = await PgOpsStore.open(pgUrl!, { schema, max: 2 });
    return {
      store,
      close: async () => {
        await store.close();
        await dropSchema(pgUrl!, schema);
      },
    };
  },
};

describe(sqlite.name, () => actions(sqlite));
// Without a server the setup (test/postgres.ts) prints why these are skipped.
describe.skipIf(!pgUrl)(postgres.name, () => actions(postgres));

function actions(backend: Backend) {
  // The cap is per person and alert in this process: each backend's run acts on alerts of its own.
  const ALERT = `urn:ngsi-ld:Alert:shenzhen:feederOverload-12-1764000000-${backend === sqlite ? "s" : "p"}`;
  let opened: Awaited<ReturnType<Backend["open"]>>;
  let headers: Record<string, string>;

  beforeAll(async () => {
    opened = await backend.open();
    const store = opened.store;
    setOpsStoreForTesting(store);
    const user = await store.createUser({ username: "ops.wang", role: "operator" }, null);
    // Who alarms may go to: operators and admins; a viewer and a disabled operator may not take them.
    await store.createUser({ username: "Zhao.Night", displayName: "Zhao (night shift)", role: "operator" }, null);
    await store.createUser({ username: "chief.li", role: "admin" }, null);
    await store.createUser({ username: "viewer.sun", role: "viewer", domains: ["energy"] }, null);
    const gone = await store.createUser({ username: "former.qian", role: "operator" }, null);
    await store.updateUser(gone.id, { disabled: true }, { actor: "test", role: "admin" });
    const sid = await store.createSession(user.id);
    headers = {
      cookie: `twinops_session=${sid}.${await store.sign(sid)}`,
      "x-csrf-token": await csrfToken(sid, store),
      "sec-fetch-site": "same-origin",
      "content-type": "application/json",
    };
  });

  afterAll(async () => {
    setOpsStoreForTesting(undefined);
    await opened?.close();
  });

  const act = (alert: string, body: unknown) =>
    POST(new Request(`http://localhost/api/twin/v1/alerts/${encodeURIComponent(alert)}/actions`, { method: "POST", headers, body: JSON.stringify(body) }), {
      params: Promise.resolve({ id: alert }),
    });

  describe("POST /api/twin/v1/alerts/{id}/actions", () => {
    it("stores comments and assignees without control or bidi control characters", async () => {
      received.length = 0;
      const res = await act(ALERT, { action: "acknowledge", comment: "Crew \u202Ehctaw\u202C on site\u0000\r\nfeeder 12 \u2066ok\u2069" });
      expect(res.status).toBe(200);
      await act(`${ALERT}-b`, { action: "assign", assignee: "zhao\u200F.\u202Dnight\n" });
      expect(received).toEqual([
        { action: "acknowledge", comment: "Crew hctaw on site\nfeeder 12 ok" },
        // Cleaned, then matched to the account (case-insensitively) and stored under its own name.
        { action: "assign", assignee: "Zhao.Night" },
      ]);
    });

    it("assigns only to enabled operators and admins: any other name is a 422 naming the field", async () => {
      received.length = 0;
      for (const name of ["viewer.sun", "former.qian", "night shift", "nobody"]) {
        const res = await act(`${ALERT}-c`, { action: "assign", assignee: name });
        expect(res.status, name).toBe(422);
        expect(res.headers.get("content-type")).toBe("application/problem+json");
        expect(await res.json()).toMatchObject({ code: "unknown_assignee", errors: [{ parameter: "assignee" }] });
      }
      expect(received).toEqual([]);
      expect((await act(`${ALERT}-c`, { action: "assign", assignee: "chief.li" })).status).toBe(200);
    });

    it("lists the accounts an alarm may go to for the picker, to operators only", async () => {
      const res = await assignees(new Request("http://localhost/api/twin/v1/alerts/assignees?domain=energy", { headers }));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        assignees: [
          { username: "chief.li", displayName: "chief.li", role: "admin" },
          { username: "ops.wang", displayName: "ops.wang", role: "operator" },
          { username: "Zhao.Night", displayName: "Zhao (night shift)", role: "operator" },
        ],
      });
      expect((await assignees(new Request("http://localhost/api/twin/v1/alerts/assignees?domain=water", { headers }))).status).toBe(400);
      expect((await assignees(new Request("http://localhost/api/twin/v1/alerts/assignees"))).status).toBe(401);
    });

    it("caps one person's actions on one alert at 10 a minute: then 429 in the problem envelope with Retry-After", async () => {
      const alert = `${ALERT}-flood`;
      for (let i = 0; i < 10; i++) expect((await act(alert, { action: "assign", assignee: i % 2 ? "ops.wang" : "chief.li" })).status, `action ${i}`).toBe(200);
      const refused = await act(alert, { action: "assign", assignee: "chief.li" });
      expect(refused.status).toBe(429);
      expect(refused.headers.get("content-type")).toBe("application/problem+json");
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await refused.json()).toMatchObject({ status: 429, code: "rate_limited" });
      // Another alert is not affected.
      expect((await act(`${ALERT}-other`, { action: "escalate" })).status).toBe(200);
    });
  });
}
