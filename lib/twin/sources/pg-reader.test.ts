/**
 * One read contract, two backends: the embedded twin (SQLite) and the PostgreSQL reader over the
 * same data must give the same answers. The embedded twin backfills a day of demo-harbour at a
 * pinned time; its observations go into a fresh PostgreSQL schema through `PgTwinStore.ingest`,
 * and its rollups (forecasts included), alerts, asset statuses, meta and alert workflow are
 * copied as they are. Then every read method is asked the same questions of both.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateInventory } from "@/lib/city/inventory";
import { loadCityPack } from "@/lib/city/pack";
import { opsSchemaName, PG_OPS_MIGRATIONS } from "@/lib/ops/pg-schema";
import { openPg } from "@/lib/store/pg/client";
import { pgMigrate } from "@/lib/store/pg/migrate";
import { dropSchema, freshSchemaName, testPgUrl } from "@/test/pg";
import { METRICS } from "../metrics";
import { manualClock } from "../simulator/clock";
import { UnknownIdError, type AlertQuery, type AssetQuery, type RankQuery, type SeriesQuery } from "../source";
import { PgTwinStore } from "../store/pg/store";
import { DOMAINS, type Aggregate, type AssetType, type Domain } from "../types";
import { BadCursorError, encodeCursor, openEmbeddedTwin, type EmbeddedTwin } from "./embedded-twin";
import { PgTwinReader } from "./pg-reader";

const url = testPgUrl();
const pack = loadCityPack("demo-harbour");
const SEED = 11;
/** 2026-07-15 12:00 in the city (a summer Wednesday). */
const START = new Date("2026-07-15T12:00:00+08:00");
const NOW = START.getTime() / 1000;
const HOUR = 3600;
const at = (s: number) => new Date(s * 1000);
const AGGS: Aggregate[] = ["avg", "min", "max", "sum", "count", "last"];

let dir = "";
let twin: EmbeddedTwin;
let store: PgTwinStore;
let reader: PgTwinReader;
const schema = freshSchemaName("pgread");
/** The copied data, for picking ids the queries ask about. */
let sqlite: Database.Database;

/** Rejection of a promise / throw of a call, for comparing errors of both backends. */
async function failure(p: () => unknown): Promise<unknown> {
  try {
    await p();
  } catch (e) {
    return e;
  }
  throw new Error("expected a failure");
}

async function copyTwin(): Promise<void> {
  const inventory = generateInventory(pack);
  store = await PgTwinStore.open(url!, { schema, now: NOW });
  await store.seed(pack, inventory, SEED);
  sqlite = new Database(path.join(dir, "twin.db"), { readonly: true });
  sqlite.exec(`ATTACH DATABASE '${path.join(dir, "ops.db")}' AS ops`);

  const obs = sqlite.prepare("SELECT ds, t, v FROM observations ORDER BY t, ds").all() as { ds: number; t: number; v: number }[];
  for (let k = 0; k < obs.length; k += 20_000) await store.ingest(obs.slice(k, k + 20_000));

  // Rollups as the embedded engine summed them (ingest keeps its own, equal within rounding; the
  // store contract test compares those), plus the forecasts the simulator writes.
  const rollups = sqlite.prepare("SELECT metric, district, t, sum, n FROM rollups").all() as Record<string, number>[];
  await store.ensureDays([...new Set(rollups.map((r) => Math.floor(r.t! / 86400)))]);
  await store.db.query("DELETE FROM rollups");
  await store.db.query("INSERT INTO rollups SELECT * FROM jsonb_populate_recordset(null::rollups, $1::jsonb)", [JSON.stringify(rollups)]);

  const alerts = sqlite.prepare("SELECT * FROM alerts").all();
  await store.db.query("INSERT INTO alerts SELECT * FROM jsonb_populate_recordset(null::alerts, $1::jsonb)", [JSON.stringify(alerts)]);
  const statuses = sqlite.prepare("SELECT id, status FROM assets WHERE status <> 'normal'").all() as { id: string; status: string }[];
  await store.db.query(
    "UPDATE assets a SET status = s.status FROM jsonb_to_recordset($1::jsonb) AS s(id text, status text) WHERE a.id = s.id",
    [JSON.stringify(statuses)],
  );
  const meta = sqlite.prepare("SELECT key, value FROM meta WHERE key IN ('through', 'generation')").all();
  await store.db.query(
    "INSERT INTO meta SELECT * FROM jsonb_to_recordset($1::jsonb) AS m(key text, value text) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    [JSON.stringify(meta)],
  );

  const ops = await openPg(url!, { schema: opsSchemaName(schema) });
  try {
    await pgMigrate(ops, "operations", PG_OPS_MIGRATIONS);
    const wf = sqlite.prepare("SELECT * FROM ops.alert_workflow").all();
    await ops.query("INSERT INTO alert_workflow SELECT * FROM jsonb_populate_recordset(null::alert_workflow, $1::jsonb)", [
      JSON.stringify(wf),
    ]);
    // Work on the same alert ids by an older twin generation: never shown.
    await ops.query(
      "INSERT INTO alert_workflow (twin, alert_id, ack_by, escalation, updated_at) SELECT 'older', alert_id, 'someone else', 3, 0 FROM alert_workflow",
    );
  } finally {
    await ops.close();
  }
  reader = new PgTwinReader({ pack, inventory, store, schema, clock: manualClock(START), fastCadenceSeconds: 5 });
}

describe.skipIf(!url)("PostgreSQL reader answers as the embedded twin", () => {
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "twinops-pgread-"));
    twin = openEmbeddedTwin(pack, generateInventory(pack), {
      dbPath: path.join(dir, "twin.db"),
      opsDbPath: path.join(dir, "ops.db"),
      seed: SEED,
      backfillDays: 1,
      tickSeconds: 0,
      clock: manualClock(START),
    });
    // Readings off the simulator's grid that raise alerts through the ingest path: every feeder
    // over its rating at once (the first back to normal a minute later, resolving its alert), and
    // dusty sites.
    const streams = (type: AssetType, property: string, limit: number) =>
      twin.listAssets({ type, limit }).assets.map((a) => twin.getAsset(a.id)!.datastreams.find((d) => d.property === property)!.id);
    const feeders = streams("Feeder", "loading", 1000);
    const sites = streams("CityWork", "pm10", 3);
    const t = (s: number) => new Date(s * 1000).toISOString();
    const r = twin.ingest([
      ...feeders.map((id, k) => ({ datastreamId: id, t: t(NOW + 30), v: 101 + (k % 50) })),
      { datastreamId: feeders[0]!, t: t(NOW + 90), v: 50 },
      ...sites.map((id, k) => ({ datastreamId: id, t: t(NOW + 60), v: 260 + 10 * k })),
    ]);
    expect(r.rejected).toEqual([]);
    // Operators' work on two alerts: the workflow columns come from the operations schema.
    const [first, second] = twin.alerts({ limit: 2, state: ["open"] });
    if (first)
      expect(twin.actOnAlert(first.id, { action: "acknowledge", comment: "on it" }, { name: "ops-1", role: "operator" }).ok).toBe(true);
    if (second)
      expect(twin.actOnAlert(second.id, { action: "assign", assignee: "crew 7" }, { name: "ops-2", role: "operator" }).ok).toBe(true);
    await copyTwin();
  });
  afterAll(async () => {
    sqlite?.close();
    twin?.close();
    await store?.close();
    await dropSchema(url!, schema);
    await dropSchema(url!, opsSchemaName(schema));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const assetIds = () => (sqlite.prepare("SELECT id FROM assets ORDER BY idx").all() as { id: string }[]).map((r) => r.id);
  const dsIds = () => (sqlite.prepare("SELECT id FROM datastreams ORDER BY idx").all() as { id: string }[]).map((r) => r.id);

  it("has data worth comparing: alerts with workflow, assets off normal, a day of rows", () => {
    const alerts = twin.alerts({ limit: 1000 });
    expect(alerts.length).toBeGreaterThan(2);
    expect(alerts.some((a) => a.acknowledgedBy === "ops-1")).toBe(true);
    expect(alerts.some((a) => a.assignee === "crew 7")).toBe(true);
    expect(twin.listAssets({ limit: 1, status: "normal" }).total).toBeLessThan(assetIds().length);
    expect((sqlite.prepare("SELECT count(*) AS n FROM observations").get() as { n: number }).n).toBeGreaterThan(10_000);
  });

  it("time, districts, metrics and datastream metadata", async () => {
    expect(await reader.now()).toEqual(twin.now());
    expect(await reader.dataThrough()).toEqual(twin.dataThrough());
    expect(await reader.districts()).toEqual(twin.districts());
    expect(await reader.listMetrics()).toEqual(twin.listMetrics());
    expect((await reader.info()).city).toBe(twin.info().city);
    const ids = [...dsIds().slice(0, 50), "urn:ngsi-ld:Nope:x", dsIds().at(-1)!];
    expect(await reader.unknownDatastreams(ids)).toEqual(twin.unknownDatastreams(ids));
    expect(await reader.datastreamDomains(ids)).toEqual(twin.datastreamDomains(ids));
  });

  it("lists assets with every filter, a bbox, text search and cursor paging", async () => {
    const anAsset = twin.listAssets({ limit: 1, type: "Building" }).assets[0]!;
    const queries: AssetQuery[] = [
      { limit: 10_000 },
      { limit: 50, domain: "energy" },
      { limit: 50, type: "TrafficFlowObserved" },
      { limit: 50, district: pack.districts[1]!.id },
      { limit: 50, bbox: [113.9, 22.4, 114.1, 22.6] },
      { limit: 50, bbox: [0, 0, 1, 1] },
      { limit: 50, q: anAsset.name.en.slice(0, 5).toUpperCase() },
      { limit: 50, q: anAsset.name.zh.slice(0, 2) },
      { limit: 50, q: "%" },
      { limit: 50, status: "warning" },
      { limit: 50, status: "critical" },
      { limit: 20, domain: "transport", district: pack.districts[0]!.id, q: "a" },
    ];
    for (const q of queries) expect(await reader.listAssets(q), JSON.stringify(q)).toEqual(twin.listAssets(q));
    // Every page of a small page size, following each backend's own cursor.
    let cursor: string | undefined;
    let pages = 0;
    do {
      const q: AssetQuery = { limit: 7, domain: "energy", cursor };
      const want = twin.listAssets(q);
      expect(await reader.listAssets(q)).toEqual(want);
      cursor = want.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBeGreaterThan(2);
    expect(await failure(() => reader.listAssets({ limit: 5, cursor: "bm90LWFuLWlk" }))).toBeInstanceOf(BadCursorError);
  });

  it("one asset with its datastreams and latest values; latest of many", async () => {
    const off = sqlite.prepare("SELECT id FROM assets WHERE status <> 'normal' LIMIT 2").all() as { id: string }[];
    for (const id of [...assetIds().slice(0, 5), ...off.map((r) => r.id), "urn:ngsi-ld:Building:demo-harbour:nope"])
      expect(await reader.getAsset(id), id).toEqual(twin.getAsset(id));
    const ids = [...dsIds(), "urn:ngsi-ld:Nope:x"];
    const latest = twin.latest(ids);
    expect(latest.length).toBe(ids.length - 1);
    expect(await reader.latest(ids)).toEqual(latest);
    expect(await reader.latest([])).toEqual([]);
  });

  it("observations of a stream, with a limit; unknown id", async () => {
    for (const id of [dsIds()[0]!, dsIds()[7]!]) {
      for (const [from, to, limit] of [
        [NOW - 6 * HOUR, NOW, 10_000],
        [NOW - 30 * HOUR, NOW + HOUR, 20],
      ] as const) {
        const want = twin.observations(id, at(from), at(to), limit);
        expect(want.length).toBeGreaterThan(0);
        expect(await reader.observations(id, at(from), at(to), limit)).toEqual(want);
      }
    }
    expect(await failure(() => reader.observations("nope", at(NOW - HOUR), at(NOW), 5))).toEqual(
      new UnknownIdError("datastream", ["nope"]),
    );
  });

  it("series of datastreams and of metrics over the city and a district, at several steps", async () => {
    const base = { from: at(NOW - 20 * HOUR), to: at(NOW + 2 * HOUR), aggs: AGGS };
    const queries: SeriesQuery[] = [
      { ...base, datastreams: [dsIds()[0]!, dsIds()[3]!], stepSeconds: 3600 },
      { ...base, datastreams: [dsIds()[5]!], stepSeconds: 900 },
      { ...base, from: at(NOW - 3 * 86400), metric: "energy.load", stepSeconds: 86400 },
      ...METRICS.map((m) => ({ ...base, metric: m.id, stepSeconds: 1800 })),
      ...METRICS.map((m) => ({ ...base, metric: m.id, district: pack.districts[0]!.id, stepSeconds: 7200 })),
    ];
    let values = 0;
    for (const q of queries) {
      const want = twin.series(q);
      values += want.reduce((n, s) => n + (s.values.avg?.filter((v) => v !== null).length ?? 0), 0);
      expect(await reader.series(q), JSON.stringify(q)).toEqual(want);
    }
    expect(values).toBeGreaterThan(100);
    for (const q of [
      { ...base, stepSeconds: 3600, datastreams: ["nope"] },
      { ...base, stepSeconds: 3600, metric: "nope" },
      { ...base, stepSeconds: 3600, metric: "energy.load", district: "nope" },
    ]) {
      const want = await failure(() => twin.series(q));
      expect(want).toBeInstanceOf(UnknownIdError);
      expect(await failure(() => reader.series(q))).toEqual(want);
    }
  });

  it("KPIs of each domain, now and in the past, for the city and a district", async () => {
    const domains: (Domain | undefined)[] = [undefined, ...DOMAINS];
    for (const d of domains)
      for (const when of [undefined, at(NOW - 5 * HOUR), at(NOW - 3 * 86400)])
        for (const district of [undefined, pack.districts[0]!.id]) {
          const want = twin.kpis(d, when, district);
          expect(await reader.kpis(d, when, district), `${d} ${when?.toISOString()} ${district}`).toEqual(want);
        }
    expect(twin.kpis(undefined).filter((k) => k.value !== null).length).toBeGreaterThan(5);
    expect(await failure(() => reader.kpis("energy", undefined, "nope"))).toEqual(
      await failure(() => twin.kpis("energy", undefined, "nope")),
    );
  });

  it("district values of every metric, now and in the past", async () => {
    for (const m of METRICS)
      for (const when of [undefined, at(NOW - 7 * HOUR)])
        expect(await reader.districtValues(m.id, when), m.id).toEqual(twin.districtValues(m.id, when));
    expect(await failure(() => reader.districtValues("nope"))).toEqual(new UnknownIdError("metric", ["nope"]));
  });

  it("rankings: latest and in the past, per capacity, by district, both orders", async () => {
    const q = (type: AssetType, property: string, extra: Partial<RankQuery> = {}): RankQuery => ({
      type,
      property,
      order: "desc",
      limit: 5,
      ...extra,
    });
    const queries: RankQuery[] = [
      q("Feeder", "loading"),
      q("Feeder", "loading", { at: at(NOW - 9 * HOUR), order: "asc" }),
      q("Feeder", "loading", { at: at(NOW - 5 * 86400) }),
      q("Building", "bedsOccupied", { per: "beds", limit: 100 }),
      q("TrafficFlowObserved", "congestionIndex", { district: pack.districts[0]!.id }),
      q("EVChargingStation", "occupiedConnectors", { per: "connectors", at: at(NOW - 2 * HOUR), district: pack.districts[1]!.id }),
    ];
    for (const r of queries) expect(await reader.rank(r), JSON.stringify(r)).toEqual(twin.rank(r));
    expect(twin.rank(queries[0]!).total).toBeGreaterThan(0);
    const bad = q("Feeder", "loading", { district: "nope" });
    expect(await failure(() => reader.rank(bad))).toEqual(await failure(() => twin.rank(bad)));
    const badProp = q("Feeder", "nope");
    expect(await failure(() => reader.rank(badProp))).toEqual(await failure(() => twin.rank(badProp)));
  });

  it("alerts with their workflow, by every filter", async () => {
    const all = twin.alerts({ limit: 1000 });
    const one = all[0]!;
    const queries: AlertQuery[] = [
      { limit: 1000 },
      { limit: 3 },
      { limit: 100, state: ["open"] },
      { limit: 100, state: ["acknowledged", "assigned"] },
      { limit: 100, severity: ["critical"] },
      { limit: 100, domain: one.domain },
      { limit: 100, bbox: [113.9, 22.4, 114.1, 22.6] },
      { limit: 100, since: at(NOW - 4 * HOUR) },
      { limit: 100, at: at(NOW - 10 * HOUR) },
      { limit: 100, district: one.district },
      { limit: 100, assetId: one.assetId },
      { limit: 100, state: ["open", "acknowledged"], domain: one.domain, since: at(NOW - 12 * HOUR) },
    ];
    for (const q of queries) expect(await reader.alerts(q), JSON.stringify(q)).toEqual(twin.alerts(q));
  });

  // Last: it changes the copy. A database whose collation is not C (en_US.UTF-8 is common) sorts
  // text by its own rules; the reader must still page and order as SQLite does.
  it("orders and pages as SQLite when the database's collation is not C", async () => {
    const [icu] = await store.db.query<{ ok: boolean }>("SELECT count(*) > 0 AS ok FROM pg_collation WHERE collprovider = 'i'");
    if (!icu?.ok) return console.warn("[pg] this server has no ICU: collation check skipped");
    // Numbers in text sorted by value (-9- before -10-): plainly not SQLite's byte order.
    await store.db.query("CREATE COLLATION numeric (provider = icu, locale = 'und-u-kn-true')");
    for (const col of ["id", "name_en", "name_zh"])
      await store.db.query(`ALTER TABLE assets ALTER COLUMN ${col} TYPE text COLLATE numeric`);
    await store.db.query("ALTER TABLE alerts ALTER COLUMN id TYPE text COLLATE numeric");
    // A cursor is any id (decodeCursor checks the form, not that it exists): with numbers
    // compared by value, "north-hills-1" is not after "north-hills-001-f1" as it is byte-wise.
    const cursors = [
      "Feeder:demo-harbour:north-hills-1",
      "CityWork:demo-harbour:old-port-02",
      "TrafficFlowObserved:demo-harbour:westfield-9",
    ].map((s) => `urn:ngsi-ld:${s}`);
    const [differs] = await store.db.query<{ yes: boolean }>(
      'SELECT bool_or((SELECT count(*) FROM assets WHERE id > c) <> (SELECT count(*) FROM assets WHERE id COLLATE "C" > c)) AS yes FROM unnest($1::text[]) AS c',
      [cursors],
    );
    expect(differs?.yes).toBe(true);
    for (const after of cursors) {
      const q: AssetQuery = { limit: 40, cursor: encodeCursor(after) };
      expect(await reader.listAssets(q), after).toEqual(twin.listAssets(q));
    }
    let cursor: string | undefined;
    do {
      const q: AssetQuery = { limit: 9, cursor };
      const want = twin.listAssets(q);
      expect(await reader.listAssets(q)).toEqual(want);
      cursor = want.nextCursor ?? undefined;
    } while (cursor);
    expect(await reader.listAssets({ limit: 50, q: "a" })).toEqual(twin.listAssets({ limit: 50, q: "a" }));
    expect(await reader.alerts({ limit: 1000 })).toEqual(twin.alerts({ limit: 1000 }));
  });
});
