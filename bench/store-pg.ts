/**
 * PostgreSQL twin store against the SQLite one, on the Shenzhen inventory (6,314 streams at 5, 10
 * and 15 minutes: ~1.64 M rows a day, ~148 M in 90 days), both in the same run:
 * 1. ingest path: `days` of every stream through PgTwinStore.ingest and TwinEngine.writeRows
 *    (rollups kept at ingest in both), in time order, batches of 20,000 rows: rows/s;
 * 2. reads: one stream over 7 days, latest of 1,000 streams (PostgreSQL: the `latest` table, and
 *    for comparison the newest row through the partitions' primary keys); the KPIs of every
 *    domain and a ranking of feeders an hour ago as the twin answers them (PgTwinReader);
 * 3. history: older days added with each store's bulk path (PostgreSQL: INSERT ... SELECT
 *    generate_series per day; SQLite: multi-row inserts; raw rows only, no rollups) until
 *    `totalDays` or until PostgreSQL has spent `budget` seconds; SQLite then loads the same days;
 * 4. the same reads again, plus sizes (heap, primary key, and a BRIN index on t for comparison).
 * PostgreSQL is a throwaway cluster (fsync=off, as the tests use; SQLite runs WAL with
 * synchronous=NORMAL) unless TWINOPS_BENCH_DATABASE_URL names a server.
 * Run: npx tsx --conditions=react-server bench/store-pg.ts [days=3] [totalDays=90] [budget=300]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateInventory } from "@/lib/city/inventory";
import { loadCityPack } from "@/lib/city/pack";
import { buildCatalog } from "@/lib/twin/catalog";
import { TwinEngine } from "@/lib/twin/engine";
import { kpiValues, planRank, rankFrom } from "@/lib/twin/read-model";
import type { RankQuery } from "@/lib/twin/source";
import { PgTwinReader } from "@/lib/twin/sources/pg-reader";
import { PgTwinStore, type ObservationRow } from "@/lib/twin/store/pg/store";
import { TwinStore } from "@/lib/twin/store/store";
import { findPgBin, startCluster, type Cluster } from "@/test/postgres";
import { helpAndExit } from "./usage";

helpAndExit(__filename);

const days = Number(process.argv[2] ?? 3);
const totalDays = Number(process.argv[3] ?? 90);
const budget = Number(process.argv[4] ?? 300);
const DAY = 86400;
const BATCH = 20_000;
/** Midnight UTC: the newest `days` end here; history goes back from the first of them. */
const END = Date.UTC(2026, 6, 15) / 1000;
const SEED = 1;

const value = (ds: number, t: number) => ((ds * 7919 + Math.floor(t / 60) * 31) % 2000) / 10;
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

async function timed(fn: () => Promise<unknown> | unknown, runs = 30): Promise<string> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return `median ${times[Math.floor(runs / 2)]!.toFixed(2)} ms, p95 ${times[Math.floor(runs * 0.95)]!.toFixed(2)} ms`;
}

async function main(): Promise<void> {
  const pack = loadCityPack("shenzhen");
  const inventory = generateInventory(pack);
  const cadence = inventory.datastreams.map((d) => d.cadenceSeconds);
  const n = cadence.length;
  const perDay = cadence.reduce((a, c) => a + DAY / c, 0);
  console.log(`[bench] Shenzhen: ${fmt(n)} streams, ${fmt(perDay)} rows a day, ${fmt(perDay * 90)} in 90 days`);

  let cluster: Cluster | null = null;
  let url = process.env.TWINOPS_BENCH_DATABASE_URL;
  if (!url) {
    const bin = findPgBin();
    if (!bin) throw new Error("no PostgreSQL binaries: install postgresql or set TWINOPS_BENCH_DATABASE_URL");
    cluster = await startCluster(bin, ["shared_buffers=1GB", "max_wal_size=8GB", "checkpoint_timeout=30min", "work_mem=64MB"]);
    url = cluster.url;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twin-bench-pg-"));
  const sqliteFile = path.join(dir, "twin.db");
  const schema = `bench_${process.pid}`;
  const pgs = await PgTwinStore.open(url, { schema, now: END, aheadDays: 1 });
  const sqlite = new TwinStore(sqliteFile);
  try {
    await pgs.seed(pack, inventory, SEED);
    sqlite.seed(pack, inventory, SEED);
    const engine = new TwinEngine(sqlite, pack, inventory, SEED);
    const catalog = buildCatalog(pack, inventory);
    const reader = new PgTwinReader({ pack, inventory, store: pgs, schema, clock: { now: () => new Date(END * 1000) } });

    // 1. The ingest path, newest `days`, time order.
    const first = END - days * DAY;
    const batches: ObservationRow[][] = [];
    let batch: ObservationRow[] = [];
    for (let t = first; t < END; t += 300) {
      for (let i = 0; i < n; i++) {
        if (t % cadence[i]! !== 0) continue;
        batch.push({ ds: i + 1, t, v: value(i + 1, t) });
        if (batch.length === BATCH) {
          batches.push(batch);
          batch = [];
        }
      }
    }
    if (batch.length) batches.push(batch);
    const rows = batches.reduce((a, b) => a + b.length, 0);
    let t0 = performance.now();
    for (const b of batches) await pgs.ingest(b);
    const pgSec = (performance.now() - t0) / 1000;
    console.log(`[bench] ingest ${days} d, ${fmt(rows)} rows, PostgreSQL: ${fmt(rows / pgSec)} rows/s (${pgSec.toFixed(1)} s)`);
    t0 = performance.now();
    for (const b of batches)
      engine.writeRows(
        b.map((r) => r.ds - 1),
        b.map((r) => r.t),
        b.map((r) => r.v),
        false,
      );
    const sqSec = (performance.now() - t0) / 1000;
    console.log(`[bench] ingest ${days} d, ${fmt(rows)} rows, SQLite:     ${fmt(rows / sqSec)} rows/s (${sqSec.toFixed(1)} s)`);
    batches.length = 0;

    const reads = async (label: string) => {
      const ds = 1; // a 5-minute stream
      const from = END - 7 * DAY;
      const got = (await pgs.observations(ds, from, END, 100_000)).length;
      const some = Array.from({ length: 1000 }, (_, k) => 1 + Math.floor((k * n) / 1000));
      console.log(
        `[bench] ${label}: one stream 7 d (${got} rows)  PostgreSQL ${await timed(() => pgs.observations(ds, from, END, 100_000))}`,
      );
      console.log(
        `[bench] ${label}: one stream 7 d (${got} rows)  SQLite     ${await timed(() => sqlite.observations(ds, from, END, 100_000))}`,
      );
      console.log(`[bench] ${label}: latest of 1,000 streams   PostgreSQL ${await timed(() => pgs.latest(some))} (latest table)`);
      const viaPk = () =>
        pgs.db.query(
          "SELECT k.ds, o.t, o.v FROM unnest($1::int[]) AS k(ds) CROSS JOIN LATERAL (SELECT t, v FROM observations WHERE ds = k.ds ORDER BY t DESC LIMIT 1) o",
          [some],
        );
      console.log(`[bench] ${label}: latest of 1,000 streams   PostgreSQL ${await timed(viaPk, 10)} (through the partitions)`);
      console.log(
        `[bench] ${label}: latest of 1,000 streams   SQLite     ${await timed(() => some.map((d) => sqlite.latestObservation(d, END)))}`,
      );
      const rollFrom = END - 7 * DAY;
      console.log(`[bench] ${label}: city load rollups 7 d     PostgreSQL ${await timed(() => pgs.rollupRange(0, 0, rollFrom, END))}`);
      console.log(`[bench] ${label}: city load rollups 7 d     SQLite     ${await timed(() => sqlite.rollups(0, 0, rollFrom, END))}`);
      // The twin's read answers: PgTwinReader (prefetched rollups, values at an instant) against
      // the same read logic over the SQLite store.
      const kpiAt = END - 3600;
      console.log(
        `[bench] ${label}: KPIs, all domains          PostgreSQL ${await timed(() => reader.kpis(undefined, new Date(kpiAt * 1000)), 10)}`,
      );
      console.log(
        `[bench] ${label}: KPIs, all domains          SQLite     ${await timed(() => kpiValues(catalog, sqlite, pack.kpis, undefined, kpiAt, undefined), 10)}`,
      );
      const rq: RankQuery = { type: "Feeder", property: "loading", at: new Date(kpiAt * 1000), order: "desc", limit: 10 };
      const plan = planRank(catalog, rq);
      console.log(
        `[bench] ${label}: feeders ranked 1 h ago (${plan.streams.length})  PostgreSQL ${await timed(() => reader.rank(rq), 10)}`,
      );
      console.log(
        `[bench] ${label}: feeders ranked 1 h ago (${plan.streams.length})  SQLite     ${await timed(() => rankFrom(catalog, rq, plan, (i) => sqlite.latestObservation(i + 1, kpiAt), kpiAt), 10)}`,
      );
    };
    // What the writer's hourly upkeep does to finished days: vacuum them (index-only reads).
    let vt = performance.now();
    await pgs.vacuumDays(Math.floor(END / DAY));
    console.log(`[bench] vacuum of ${days} finished days: ${((performance.now() - vt) / 1000).toFixed(1)} s`);
    await reads(`after ${days} d (${fmt(rows)} rows)`);

    // 3. Older history with each store's bulk path, newest first, within the budget.
    let loaded = 0;
    let pgBulk = 0;
    t0 = performance.now();
    const older: number[] = [];
    for (let d = 1; d <= totalDays - days; d++) {
      if ((performance.now() - t0) / 1000 > budget) break;
      const day = Math.floor(first / DAY) - d;
      await pgs.ensureDays([day]);
      await pgs.db.query(
        `INSERT INTO observations (ds, t, v)
         SELECT s.idx, g.t, ((s.idx * 7919 + (g.t / 60) * 31) % 2000) / 10.0
         FROM datastreams s CROSS JOIN LATERAL generate_series($1::bigint, $1::bigint + 86399, s.cadence) AS g(t)
         ORDER BY s.idx, g.t`,
        [day * DAY],
      );
      older.push(day);
      loaded += perDay;
    }
    pgBulk = (performance.now() - t0) / 1000;
    await pgs.db.query("ANALYZE observations");
    console.log(
      `[bench] history: ${older.length} older days, ${fmt(loaded)} rows, PostgreSQL bulk: ${fmt(loaded / pgBulk)} rows/s (${pgBulk.toFixed(0)} s)`,
    );
    t0 = performance.now();
    for (const day of older) {
      sqlite.transaction(() => {
        const ts: number[] = [];
        const vs: number[] = [];
        for (let i = 0; i < n; i++) {
          ts.length = 0;
          vs.length = 0;
          for (let t = day * DAY; t < (day + 1) * DAY; t += cadence[i]!) {
            ts.push(t);
            vs.push(value(i + 1, t));
          }
          sqlite.appendObservations(i + 1, ts, vs);
        }
      });
    }
    const sqBulk = (performance.now() - t0) / 1000;
    console.log(
      `[bench] history: ${older.length} older days, ${fmt(loaded)} rows, SQLite bulk:     ${fmt(loaded / sqBulk)} rows/s (${sqBulk.toFixed(0)} s)`,
    );
    const total = rows + loaded;
    vt = performance.now();
    await pgs.vacuumDays(Math.floor(END / DAY));
    console.log(`[bench] vacuum of ${older.length} older days: ${((performance.now() - vt) / 1000).toFixed(1)} s`);
    await reads(`after ${days + older.length} d (${fmt(total)} rows)`);

    // 4. Sizes: a day written by ingest (time order) and one by the bulk path (stream order), each
    // with its primary key, and a BRIN on t for comparison.
    const dayName = (t: number) => `observations_${new Date(t * 1000).toISOString().slice(0, 10).replace(/-/g, "")}`;
    for (const [how, part] of [
      ["ingested", dayName(END - DAY)],
      ["bulk-loaded", dayName(first - DAY)],
    ] as const) {
      if (how === "bulk-loaded" && older.length === 0) continue;
      await pgs.db.query(`CREATE INDEX bench_brin ON ${part} USING brin (t)`);
      const [sz] = await pgs.db.query<{ heap: number; pk: number; brin: number }>(
        `SELECT pg_relation_size($1::regclass) AS heap, pg_relation_size(($1 || '_pkey')::regclass) AS pk,
                pg_relation_size('bench_brin') AS brin`,
        [part],
      );
      await pgs.db.query("DROP INDEX bench_brin");
      console.log(
        `[bench] one ${how} day (${part}, ${fmt(perDay)} rows): heap ${mb(sz!.heap)}, primary key (ds, t) ${mb(sz!.pk)}, BRIN (t) ${(sz!.brin / 1024).toFixed(0)} kB`,
      );
    }
    const [sz] = await pgs.db.query<{ all: number; rollups: number }>(
      `SELECT (SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits WHERE inhparent = 'observations'::regclass) AS all,
              (SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits WHERE inhparent = 'rollups'::regclass) AS rollups`,
    );
    const sqliteSize = fs.statSync(sqliteFile).size + (fs.existsSync(`${sqliteFile}-wal`) ? fs.statSync(`${sqliteFile}-wal`).size : 0);
    console.log(`[bench] on disk: PostgreSQL observations ${mb(sz!.all)} + rollups ${mb(sz!.rollups)}; SQLite file ${mb(sqliteSize)}`);
  } finally {
    sqlite.close();
    await pgs.db.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => {});
    await pgs.close();
    cluster?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
