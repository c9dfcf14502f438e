/**
 * Issue 16, "data that is checked", through the route handlers on both backends (the embedded
 * SQLite twin and the PostgreSQL twin, each with its operations store): the bad-row matrix is
 * refused row by row with its reason and changes nothing shown (KPIs through the API, public
 * figures through the public read model); refusals are counted for admins; a correction changes
 * the KPI, is audited with before and after, and a withdrawal hands the slot back.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csrfToken } from "@/lib/auth/server";
import {
  AuditResponseSchema,
  CorrectionResponseSchema,
  IngestResponseSchema,
  KpisResponseSchema,
  ProblemSchema,
  RefusalCountsResponseSchema,
} from "@/lib/twin-client/schemas";
import { PgOpsStore } from "@/lib/ops/pg-store";
import { opsSchemaName } from "@/lib/ops/pg-schema";
import type { OperationsStore } from "@/lib/ops/port";
import { setOpsStoreForTesting } from "@/lib/ops/runtime";
import { SqliteOpsStore } from "@/lib/ops/sqlite-store";
import { buildPublicSnapshot } from "@/lib/public/read-model";
import { setTwinForTesting } from "@/lib/twin/runtime";
import type { TwinPort } from "@/lib/twin/source";
import { embeddedPort } from "@/lib/twin/sources/embedded-port";
import { createEmbeddedTwin } from "@/lib/twin/sources/embedded";
import { openPgTwin } from "@/lib/twin/sources/pg-port";
import { manualClock } from "@/lib/twin/simulator/clock";
import { dropSchema, freshSchemaName, testPgUrl } from "@/test/pg";
import { GET as kpisRoute } from "../kpis/route";
import { GET as auditRoute } from "../audit/route";
import { POST as ingestRoute } from "./observations/route";
import { POST as correctRoute } from "./corrections/route";
import { GET as refusalsRoute } from "./refusals/route";

const ORIGIN = "http://localhost";
const START = new Date("2026-03-02T09:00:00+08:00");
const TEST = { actor: "test", role: "-" };
const pgUrl = testPgUrl();

interface Opened {
  port: TwinPort;
  ops: OperationsStore;
  close(): Promise<void>;
}

const backends: { name: string; skip: boolean; timeout: number; open(): Promise<Opened> }[] = [
  {
    name: "embedded SQLite twin",
    skip: false,
    timeout: 60_000,
    async open() {
      const ops = new SqliteOpsStore(":memory:");
      const twin = createEmbeddedTwin({ dbPath: ":memory:", city: "demo-harbour", seed: 7, backfillDays: 0.25, tickSeconds: 0, clock: manualClock(START) });
      return { port: embeddedPort(twin), ops, close: async () => (twin.close(), await ops.close()) };
    },
  },
  {
    name: "PostgreSQL twin",
    skip: !pgUrl,
    timeout: 120_000,
    async open() {
      const schema = freshSchemaName("checks");
      const port = await openPgTwin({ url: pgUrl!, schema, city: "demo-harbour", seed: 7, backfillDays: 0.25, tickSeconds: 0, clock: manualClock(START) });
      const ops = await PgOpsStore.open(pgUrl!, { schema: opsSchemaName(schema), max: 2 });
      return {
        port,
        ops,
        close: async () => {
          await port.close();
          await ops.close();
          await dropSchema(pgUrl!, schema);
          await dropSchema(pgUrl!, opsSchemaName(schema));
        },
      };
    },
  },
];

for (const backend of backends) {
  describe.skipIf(backend.skip)(backend.name, () => {
    let opened: Opened;
    let healthFeed: Record<string, string>;
    let energyFeed: Record<string, string>;
    let admin: Record<string, string>;
    let beds: { id: string; t: string; v: number };
    let load: string;

    beforeAll(async () => {
      opened = await backend.open();
      setOpsStoreForTesting(opened.ops);
      setTwinForTesting(opened.port);
      const bearer = async (scope: string[]) => ({
        authorization: `Bearer ${(await opened.ops.issueToken("feed", `feed ${scope.join(" ")}`, scope, TEST)).token}`,
      });
      healthFeed = await bearer(["health"]);
      energyFeed = await bearer(["energy"]);
      const user = await opened.ops.createUser({ username: "checks.admin", role: "admin", domains: [] }, null);
      const sid = await opened.ops.createSession(user.id);
      admin = {
        cookie: `twinops_session=${sid}.${await opened.ops.sign(sid)}`,
        "x-csrf-token": await csrfToken(sid, opened.ops),
        "sec-fetch-site": "same-origin",
      };
      const hospital = (await opened.port.listAssets({ type: "Building", limit: 1 })).assets[0]!;
      const latest = (await opened.port.getAsset(hospital.id))!.latest.find((l) => l.datastreamId.endsWith(":bedsOccupied"))!;
      beds = { id: latest.datastreamId, t: latest.t, v: latest.v };
      const sub = (await opened.port.listAssets({ type: "Substation", limit: 1 })).assets[0]!;
      load = `${sub.id}:load`;
    }, backend.timeout);

    afterAll(async () => {
      setTwinForTesting(undefined);
      setOpsStoreForTesting(undefined);
      await opened?.close();
    });

    const post = (handler: (r: Request) => Promise<Response>, path: string, headers: Record<string, string>, body: unknown) =>
      handler(new Request(`${ORIGIN}${path}`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(body) }));
    const get = (handler: (r: Request) => Promise<Response>, path: string, headers: Record<string, string>) =>
      handler(new Request(`${ORIGIN}${path}`, { headers }));
    const bedOccupancy = async () => {
      const res = await get(kpisRoute, "/api/twin/v1/kpis?domain=health", admin);
      expect(res.status).toBe(200);
      return KpisResponseSchema.parse(await res.json()).kpis.find((k) => k.definition.id === "health.bedOccupancy")!.value;
    };
    const publicFigures = async () => (await buildPublicSnapshot(opened.port, { delayMinutes: 15 })).figures.map((f) => [f.definition.id, f.value]);
    const correct = async (headers: Record<string, string>, body: unknown, status: number) => {
      const res = await post(correctRoute, "/api/twin/v1/ingest/corrections", headers, body);
      const text = await res.text();
      expect(res.status, text).toBe(status);
      return JSON.parse(text) as unknown;
    };

    it("refuses each bad row with its reason; KPIs and public figures do not move; admins see the counts", async () => {
      const kpi = await bedOccupancy();
      const figures = await publicFigures();
      const next = new Date(Date.parse(beds.t) + 60_000).toISOString();
      const rows = [
        { datastreamId: beds.id, t: next, v: 1e12 },
        { datastreamId: beds.id, t: next, v: beds.v + 5000 },
        { datastreamId: beds.id, t: "2026-03-02T12:00:00+08:00", v: beds.v },
        { datastreamId: beds.id, t: "2026-03-02", v: beds.v },
        { datastreamId: beds.id, t: "2026-03-02T09:01:00", v: beds.v },
        { datastreamId: beds.id, t: next, v: "NaN" },
        { datastreamId: beds.id, t: next, v: null },
        { datastreamId: load, t: next, v: 10 },
      ];
      const res = await post(ingestRoute, "/api/twin/v1/ingest/observations", healthFeed, { observations: rows });
      expect(res.status).toBe(200);
      const r = IngestResponseSchema.parse(await res.json());
      expect(r.accepted).toBe(0);
      expect(r.rejected.map((x) => [x.index, x.code])).toEqual([
        [0, "out_of_range"],
        [1, "too_fast"],
        [2, "future"],
        [3, "malformed_time"],
        [4, "no_offset"],
        [5, "not_a_number"],
        [6, "not_a_number"],
        [7, "wrong_domain"],
      ]);
      for (const x of r.rejected) expect(x.reason.length).toBeGreaterThan(10);
      expect(await bedOccupancy()).toBe(kpi);
      expect(await publicFigures()).toEqual(figures);
      // A batch of only another domain's rows is a credential problem: 403.
      const other = await post(ingestRoute, "/api/twin/v1/ingest/observations", healthFeed, { observations: [rows[7]] });
      expect(other.status).toBe(403);

      const counted = await get(refusalsRoute, "/api/twin/v1/ingest/refusals", admin);
      expect(counted.status).toBe(200);
      const c = RefusalCountsResponseSchema.parse(await counted.json());
      const count = (code: string, id: string) => c.counts.find((x) => x.code === code && x.datastreamId === id)?.count ?? 0;
      expect(count("out_of_range", beds.id)).toBeGreaterThanOrEqual(1);
      expect(count("wrong_domain", load)).toBeGreaterThanOrEqual(2);
      expect((await get(refusalsRoute, "/api/twin/v1/ingest/refusals", healthFeed)).status).toBe(403);
    });

    it("corrects a stored observation: the KPI follows, the audit keeps before and after, a withdrawal hands the slot back", async () => {
      const before = await bedOccupancy();
      const fixed = CorrectionResponseSchema.parse(
        await correct(healthFeed, { datastreamId: beds.id, t: beds.t, v: beds.v + 40, reason: "meter recalibrated" }, 200),
      );
      expect(fixed).toMatchObject({ datastreamId: beds.id, before: beds.v, after: beds.v + 40 });
      const after = await bedOccupancy();
      expect(after).toBeGreaterThan(before!);
      expect((await opened.port.latest([beds.id]))[0]!.v).toBe(beds.v + 40);

      const res = await get(auditRoute, `/api/twin/v1/audit?target=${encodeURIComponent(`${beds.id}@${fixed.t}`)}`, admin);
      const audit = AuditResponseSchema.parse(await res.json()).records;
      expect(audit[0]).toMatchObject({ action: "observation.replace", before: { v: beds.v }, after: { v: beds.v + 40, reason: "meter recalibrated" } });

      // Back to the original value: the KPI is what it was.
      await correct(admin, { datastreamId: beds.id, t: beds.t, v: beds.v, reason: "undo" }, 200);
      expect(await bedOccupancy()).toBe(before);
      // Withdrawn: the stream's previous reading is its latest again.
      await correct(admin, { datastreamId: beds.id, t: beds.t, v: null, reason: "duplicate meter" }, 200);
      const latest = (await opened.port.latest([beds.id]))[0]!;
      expect(Date.parse(latest.t)).toBeLessThan(Date.parse(beds.t));
      const records = AuditResponseSchema.parse(await (await get(auditRoute, `/api/twin/v1/audit?target=${encodeURIComponent(`${beds.id}@${fixed.t}`)}`, admin)).json()).records;
      expect(records.map((x) => x.action)).toEqual(["observation.withdraw", "observation.replace", "observation.replace"]);
      expect(records[0]).toMatchObject({ actor: "checks.admin", before: { v: beds.v }, after: { v: null } });
      // Re-sending the row stores it again (it is gone, not hidden).
      const again = IngestResponseSchema.parse(
        await (await post(ingestRoute, "/api/twin/v1/ingest/observations", healthFeed, { observations: [{ datastreamId: beds.id, t: beds.t, v: beds.v }] })).json(),
      );
      expect(again).toMatchObject({ accepted: 1, duplicates: 0 });
      expect(await bedOccupancy()).toBe(before);
    });

    it("refuses a correction it cannot apply, in the problem envelope, and changes nothing", async () => {
      const kpi = await bedOccupancy();
      const problem = async (headers: Record<string, string>, body: unknown, status: number, code: string) => {
        const p = ProblemSchema.parse(await correct(headers, body, status));
        expect(p.code).toBe(code);
      };
      await problem(healthFeed, { datastreamId: beds.id, t: "2026-03-02T08:59:59+08:00", v: 1, reason: "x" }, 404, "not_found");
      await problem(healthFeed, { datastreamId: "urn:nope", t: beds.t, v: 1, reason: "x" }, 404, "not_found");
      await problem(healthFeed, { datastreamId: beds.id, t: beds.t, v: 1e12, reason: "x" }, 422, "out_of_range");
      await problem(healthFeed, { datastreamId: beds.id, t: "2026-03-02T09:00:00", v: 1, reason: "x" }, 422, "no_offset");
      await problem(energyFeed, { datastreamId: beds.id, t: beds.t, v: 1, reason: "x" }, 403, "forbidden");
      await problem(healthFeed, { datastreamId: beds.id, t: beds.t, v: 1 }, 400, "invalid_body");
      expect(await bedOccupancy()).toBe(kpi);
    });
  });
}
