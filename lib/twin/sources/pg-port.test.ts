/**
 * Two instances of one PostgreSQL twin in one process (two ports on the same URL and schema, each
 * with its own pools and connections, as two `npm start` processes would have): one writer at a
 * time, events with global ids on both, operators' actions from either, and a takeover when the
 * writer's connection dies.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateInventory } from "@/lib/city/inventory";
import { loadCityPack } from "@/lib/city/pack";
import { dropSchema, freshSchemaName, testPgUrl } from "@/test/pg";
import { manualClock } from "../simulator/clock";
import type { TwinPort } from "../source";
import type { TwinEvent } from "../types";
import { openPgTwin, PgTwinMismatchError } from "./pg-port";
import { opsSchemaName } from "@/lib/ops/pg-schema";
import { kpiDeltas, LiveEvents } from "@/lib/api/live-values";
import type { LiveKpiFields } from "@/lib/twin-client/revalidate";

const url = testPgUrl();
const pack = loadCityPack("demo-harbour");
const inventory = generateInventory(pack);
const START = new Date("2026-03-02T08:00:00Z");
type Instance = TwinPort & { writer: { isWriter: boolean; tick(): Promise<void>; tryTakeOver(): Promise<boolean> } };

describe.skipIf(!url)("PostgreSQL twin, two instances", () => {
  const schema = freshSchemaName("twin");
  const clock = manualClock(START);
  let a: Instance;
  let b: Instance;
  const open = (seed = 7) =>
    openPgTwin({ url: url!, schema, city: pack.id, seed, backfillDays: 0.25, tickSeconds: 0, clock, pack, inventory }) as Promise<Instance>;

  beforeAll(async () => {
    a = await open();
    b = await open();
  }, 120_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await dropSchema(url!, schema);
    await dropSchema(url!, opsSchemaName(schema));
  });

  it("has exactly one writer, which backfilled the window", async () => {
    expect(a.health.writer).toBe(true);
    expect(b.health.writer).toBe(false);
    expect(a.health.store).toBe("postgres");
    expect((await b.dataThrough()).toISOString()).toBe(START.toISOString());
  });

  it("refuses to open a schema that holds another seed, and leaves it as it was", async () => {
    await expect(open(8)).rejects.toBeInstanceOf(PgTwinMismatchError);
    expect((await b.dataThrough()).toISOString()).toBe(START.toISOString());
  });

  it("delivers a tick's events to the other instance with the same global ids, resumable on either", async () => {
    const seenB: TwinEvent[] = [];
    const seenA: TwinEvent[] = [];
    const offB = await b.subscribe((e) => seenB.push(e));
    const offA = await a.subscribe((e) => seenA.push(e));
    const before = (await b.eventWindow()).newest;
    clock.advance(300);
    await a.writer.tick();
    await expect.poll(() => seenB.filter((e) => e.type === "observation").length, { timeout: 5000 }).toBe(1);
    await expect.poll(() => seenA.length, { timeout: 5000 }).toBe(seenB.length);
    expect(seenB.map((e) => e.id)).toEqual(seenA.map((e) => e.id));
    const ids = seenB.map((e) => e.id);
    expect(ids[0]).toBeGreaterThan(before);
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);
    // Last-Event-ID on the other instance: the same events, in order.
    expect((await a.replay(before)).map((e) => e.id)).toEqual((await b.replay(before)).map((e) => e.id));
    offA();
    offB();
    expect((await a.dataThrough()).toISOString()).toBe(clock.now().toISOString());
  });

  it("a tick written by one instance reaches the other's SSE streams with the KPI figures read from the shared store", async () => {
    const events = new LiveEvents(b);
    const seen: TwinEvent[] = [];
    const off = await events.subscribe((e) => seen.push(e));
    const before = (await b.eventWindow()).newest;
    clock.advance(300);
    await a.writer.tick();
    const raised = await a.replay(before);
    expect(raised.filter((e) => e.type === "kpi").length).toBeGreaterThan(0);
    await expect.poll(() => seen.map((e) => e.id), { timeout: 10_000 }).toEqual(raised.map((e) => e.id));
    for (const e of seen) {
      if (e.type !== "kpi") continue;
      const data = e.data as typeof e.data & Partial<LiveKpiFields>;
      expect(data.values).toEqual(kpiDeltas(await a.kpis(e.data.domain)));
      expect(data.valuesAsOf).toBe(clock.now().toISOString());
    }
    off();
  });

  it("takes a feed row on a reader instance; the writer's alert engine raises its alert for both", async () => {
    const feeder = inventory.assets.find((x) => x.type === "Feeder")!;
    const ds = inventory.datastreams.find((d) => d.assetId === feeder.id && d.property === "loading")!;
    // Newer than the simulator's last row (rules follow a stream forward in time).
    const t = new Date(clock.now().getTime() + 30_000).toISOString();
    const seen: TwinEvent[] = [];
    const off = await b.subscribe((e) => seen.push(e));
    const r = await b.ingest([{ datastreamId: ds.id, t, v: 131 }]);
    expect(r).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect((await b.ingest([{ datastreamId: ds.id, t, v: 131 }])).duplicates).toBe(1);
    await expect
      .poll(() => seen.find((e) => e.type === "alert" && e.data.assetId === feeder.id)?.data, { timeout: 5000 })
      .toMatchObject({ severity: "critical", value: 131, state: "open" });
    off();
    const [alert] = await b.alerts({ state: ["open"], assetId: feeder.id, limit: 5 });
    expect(alert).toMatchObject({ assetId: feeder.id, severity: "critical" });
  });

  it("acts on an alert from the reader instance: audited, and the event reaches the writer's subscribers", async () => {
    const feeder = inventory.assets.find((x) => x.type === "Feeder")!;
    const [open] = await b.alerts({ state: ["open"], assetId: feeder.id, limit: 1 });
    expect(open).toBeDefined();
    const seen: TwinEvent[] = [];
    const off = await a.subscribe((e) => seen.push(e));
    const r = await b.actOnAlert(open!.id, { action: "acknowledge", comment: "crew on the way" }, { name: "op1", role: "operator" });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.alert).toMatchObject({ acknowledgedBy: "op1", comment: "crew on the way", state: "acknowledged" });
    await expect.poll(() => seen.some((e) => e.type === "alert" && e.data.id === open!.id), { timeout: 5000 }).toBe(true);
    off();
    const again = await a.actOnAlert(open!.id, { action: "acknowledge", comment: "me too" }, { name: "op2", role: "operator" });
    expect(again).toMatchObject({ ok: false, status: 409, code: "already_acknowledged" });
    const [audit] = await a.audit({ target: open!.id, limit: 5 });
    expect(audit).toMatchObject({ actor: "op1", action: "alert.acknowledge", target: open!.id });
    const [acked] = await a.alerts({ assetId: open!.assetId, state: ["acknowledged"], limit: 5 });
    expect(acked).toMatchObject({ id: open!.id, acknowledgedBy: "op1" });
  });

  it("hands the writer role over when the writer's connection dies, and writes no tick twice", async () => {
    const admin = new pg.Client({ connectionString: url! });
    await admin.connect();
    try {
      const before = Number((await admin.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".observations`)).rows[0]!.n);
      // What the server sees of a writer process killed with -9: its connections go away.
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'twinops-writer' AND datname = current_database()");
      await expect.poll(() => a.health.writer, { timeout: 5000 }).toBe(false);
      expect(await b.writer.tryTakeOver()).toBe(true);
      expect(b.health.writer).toBe(true);
      expect(await a.writer.tryTakeOver()).toBe(false);
      // The new writer repeats nothing already written, and goes on from `through`.
      await b.writer.tick();
      const same = Number((await admin.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".observations`)).rows[0]!.n);
      expect(same).toBe(before);
      clock.advance(600);
      await b.writer.tick();
      const dup = await admin.query(`SELECT ds, t FROM "${schema}".observations GROUP BY ds, t HAVING count(*) > 1`);
      expect(dup.rowCount).toBe(0);
      const after = Number((await admin.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".observations`)).rows[0]!.n);
      expect(after).toBeGreaterThan(before);
      expect((await a.dataThrough()).toISOString()).toBe(clock.now().toISOString());
    } finally {
      await admin.end();
    }
  });
});

describe.skipIf(!url)("PostgreSQL twin when its server turns read-only or drops connections", () => {
  const db = `ro_${Math.random().toString(36).slice(2, 10)}`;
  const dbUrl = url ? url.replace(/\/[^/?]*(\?|$)/, `/${db}$1`) : "";
  const clock = manualClock(START);
  let port: Instance;
  const admin = () => {
    const c = new pg.Client({ connectionString: url! });
    return c.connect().then(() => c);
  };
  const sql = async (text: string) => {
    const c = await admin();
    try {
      await c.query(text);
    } finally {
      await c.end();
    }
  };
  /** What a failover to a standby, or an operator, does to every open connection. */
  const dropConnections = () => sql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db}' AND pid <> pg_backend_pid()`);

  beforeAll(async () => {
    await sql(`CREATE DATABASE ${db}`);
    port = (await openPgTwin({ url: dbUrl, schema: "twin", city: pack.id, seed: 7, backfillDays: 0.05, tickSeconds: 0, clock, pack, inventory })) as Instance;
  }, 120_000);

  afterAll(async () => {
    await port?.close().catch(() => {});
    await sql(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  });

  it("answers writes with StoreUnavailableError (503), keeps answering reads, and recovers by itself", async () => {
    const feeder = inventory.assets.find((x) => x.type === "Feeder")!;
    const ds = inventory.datastreams.find((d) => d.assetId === feeder.id && d.property === "loading")!;
    const row = (s: number) => [{ datastreamId: ds.id, t: new Date(START.getTime() + s * 1000).toISOString(), v: 40 }];
    await sql(`ALTER DATABASE ${db} SET default_transaction_read_only = on`);
    await dropConnections();
    // The first call may meet a connection that was cut, the next a read-only one: both are the store's failure.
    for (let k = 0; k < 2; k++) await expect(port.ingest(row(10 + k))).rejects.toMatchObject({ name: "StoreUnavailableError" });
    expect((await port.listAssets({ limit: 1 })).total).toBeGreaterThan(100);
    expect(await port.kpis("energy")).not.toHaveLength(0);
    await port.health.check();

    await sql(`ALTER DATABASE ${db} RESET default_transaction_read_only`);
    await dropConnections();
    await expect.poll(async () => (await port.ingest(row(20)).catch(() => null))?.accepted, { timeout: 10_000 }).toBe(1);
    // The writer lease went with its connection; the instance takes it again and writes on.
    await expect.poll(() => port.writer.tryTakeOver(), { timeout: 10_000 }).toBe(true);
    clock.advance(300);
    await port.writer.tick();
    expect((await port.dataThrough()).toISOString()).toBe(clock.now().toISOString());
  });
});
