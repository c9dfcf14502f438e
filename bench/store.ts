/**
 * Store benchmark: backfill, rollups-only metric history, live ingest, series and latest on the
 * Shenzhen inventory.
 * Run: npx tsx --conditions=react-server bench/store.ts [days=7] [city=shenzhen] [historyDays=55] [scale=1]
 * (historyDays: metric history beyond the raw days; 7 + 55 = the default TWINOPS_HISTORY_DAYS;
 * scale: TWINOPS_INVENTORY_SCALE, e.g. `1 shenzhen 0 30` for tick times at ~80 k assets).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import Database from "better-sqlite3";
import { loadCityPack } from "@/lib/city/pack";
import { generateInventory } from "@/lib/city/inventory";
import { manualClock } from "@/lib/twin/simulator/clock";
import { openEmbeddedTwin } from "@/lib/twin/sources/embedded";
import { helpAndExit } from "./usage";

helpAndExit(__filename);

const days = Number(process.argv[2] ?? 7);
const city = process.argv[3] ?? "shenzhen";
const historyExtra = Number(process.argv[4] ?? 55);
const scale = Number(process.argv[5] ?? 1);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twin-bench-"));
const dbPath = path.join(dir, "bench.db");
const START = new Date("2026-07-15T12:00:00+08:00");
const clock = manualClock(START);

function stats(fn: () => void, runs = 50): { median: number; p95: number } {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(runs / 2)]!, p95: times[Math.floor(runs * 0.95)]! };
}
const ms = (s: { median: number; p95: number }) => `median ${s.median.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms`;
const dbSize = () => fs.statSync(dbPath).size + (fs.existsSync(`${dbPath}-wal`) ? fs.statSync(`${dbPath}-wal`).size : 0);
/** Rollup rows, counted on a second connection as any reader would see them. */
const rollupRows = () => {
  const db = new Database(dbPath, { readonly: true });
  const n = (db.prepare("SELECT count(*) AS n FROM rollups").get() as { n: number }).n;
  db.close();
  return n;
};
/** "(1.23 M rows|values in 4.5 s" of a done line, as numbers. */
const figures = (line: string) => {
  const m = / ([\d.]+) M (?:rows|values) in ([\d.]+) s/.exec(line);
  return { rows: Number(m?.[1] ?? NaN) * 1e6, seconds: Number(m?.[2] ?? NaN) };
};

async function main(): Promise<void> {
  const t0 = performance.now();
  const pack = loadCityPack(city);
  const inventory = generateInventory(pack, scale);
  console.log(`inventory: ${inventory.assets.length} assets, ${inventory.datastreams.length} datastreams (scale ${scale}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  let backfill = "";
  let history = "";
  let historyStarted = 0;
  let historyEnded = 0;
  let historyDone: () => void = () => {};
  const historyFinished = new Promise<void>((resolve) => (historyDone = resolve));
  const twin = openEmbeddedTwin(pack, inventory, {
    dbPath,
    seed: 42,
    backfillDays: days,
    historyDays: days + historyExtra,
    tickSeconds: 0,
    clock,
    log: (l) => {
      console.log(l);
      if (l.includes("backfill done")) backfill = l;
      if (l.startsWith("[twin] history") && !historyStarted) historyStarted = performance.now();
      if (l.includes("history done")) {
        history = l;
        historyEnded = performance.now();
        historyDone();
      }
    },
  });
  console.log(`open + backfill total: ${((performance.now() - t0) / 1000).toFixed(1)} s  (${backfill.replace("[twin] ", "")})`);
  const size = dbSize();
  console.log(`database size: ${(size / 1e6).toFixed(0)} MB`);

  // Metric history beyond the raw window: rollups only, in chunks between which the event loop
  // runs (requests, ticks). The loop delay shows how long a request could wait behind a chunk.
  if (historyExtra > 0) {
    const rollupsBefore = rollupRows();
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    // The job's timers are unref'd (a server's sockets keep it alive); here nothing else would.
    const keepAlive = setInterval(() => {}, 1000);
    await historyFinished;
    clearInterval(keepAlive);
    delay.disable();
    const raw = figures(backfill);
    const hist = figures(history);
    const rawRate = raw.rows / raw.seconds;
    const histRate = hist.rows / hist.seconds;
    const added = rollupRows() - rollupsBefore;
    const sizeAfter = dbSize();
    console.log(
      `history backfill ${historyExtra} d (rollups only): ${((historyEnded - historyStarted) / 1000).toFixed(1)} s wall, ${hist.seconds.toFixed(1)} s busy;` +
        ` ${(hist.rows / 1e6).toFixed(2)} M values -> ${added.toLocaleString("en")} rollup rows;` +
        ` ${Math.round(histRate).toLocaleString("en")} values/s = ${(histRate / rawRate).toFixed(1)}x the raw backfill's ${Math.round(rawRate).toLocaleString("en")} rows/s`,
    );
    // Per simulated day is the like-for-like figure: history skips streams that feed no metric.
    const rawPerDay = raw.seconds / days;
    const histPerDay = hist.seconds / historyExtra;
    console.log(
      `  per simulated day: history ${histPerDay.toFixed(2)} s, raw backfill ${rawPerDay.toFixed(2)} s (${(rawPerDay / histPerDay).toFixed(1)}x)`,
    );
    console.log(
      `  event loop delay while it ran: p50 ${(delay.percentile(50) / 1e6).toFixed(0)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(0)} ms, max ${(delay.max / 1e6).toFixed(0)} ms`,
    );
    console.log(`database size with ${days + historyExtra} d of metric history: ${(sizeAfter / 1e6).toFixed(0)} MB (+${((sizeAfter - size) / 1e6).toFixed(0)} MB)`);
  }

  // Live ticks, as the timer runs them: every 5 s the fast streams (substation load), and at each
  // 5-minute slot every other stream too, all through ingest(). An hour of ticks = 720.
  let rows = 0;
  let events = 0;
  let leanBytes = 0;
  let fullBytes = 0;
  const tickTimes: number[] = [];
  const slotTimes: number[] = [];
  const ticks = 720;
  let lastId = twin.replay(0).at(-1)?.id ?? 0;
  const tTick = performance.now();
  for (let i = 0; i < ticks; i++) {
    clock.advance(5);
    const t1 = performance.now();
    twin.tick();
    const dt = performance.now() - t1;
    if ((clock.now().getTime() / 1000) % 300 === 0) slotTimes.push(dt);
    else tickTimes.push(dt);
    for (const e of twin.replay(lastId)) {
      if (e.type === "observation") {
        rows += e.data.count;
        const { observations, ...lean } = e.data;
        leanBytes += JSON.stringify(lean).length;
        fullBytes += JSON.stringify({ ...lean, observations }).length;
      }
      events++;
      lastId = e.id;
    }
  }
  const tickSec = (performance.now() - tTick) / 1000;
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0;
  console.log(
    `live ticks: ${ticks} x 5 s (1 h), ${rows.toLocaleString("en")} rows, ${events} events in ${tickSec.toFixed(2)} s` +
      ` = ${Math.round(rows / tickSec).toLocaleString("en")} rows/s`,
  );
  console.log(
    `  fast-only tick (240 substation loads): median ${pct(tickTimes, 0.5).toFixed(2)} ms, p95 ${pct(tickTimes, 0.95).toFixed(2)} ms;` +
      ` 5-minute slot tick (all streams): median ${pct(slotTimes, 0.5).toFixed(1)} ms, max ${pct(slotTimes, 1).toFixed(1)} ms`,
  );
  console.log(
    `  SSE payload per observation event: lean ${Math.round(leanBytes / Math.max(1, ticks))} B vs full ${Math.round(fullBytes / Math.max(1, ticks)).toLocaleString("en")} B (mean)`,
  );
  const heapMb = () => process.memoryUsage().heapUsed / 1e6;
  console.log(`  heap after ticks: ${heapMb().toFixed(0)} MB (replay ring holds ${twin.replay(0).length} events)`);

  // Compaction: a day later the fine rows of that hour are deleted, the 5-minute rows kept.
  const probe = twin.listAssets({ type: "Substation", limit: 1 }).assets.map((a) => `${a.id}:load`)[0]!;
  const hourStart = new Date(clock.now().getTime() - 3600 * 1000);
  const hourEnd = new Date(clock.now().getTime() + 1000);
  const rowsBefore = twin.observations(probe, hourStart, hourEnd, 100_000).length;
  const tCompact = performance.now();
  clock.advance(86400);
  twin.tick();
  const rowsAfter = twin.observations(probe, hourStart, hourEnd, 100_000).length;
  console.log(
    `day-later tick (gap fill of 1 day + compaction): ${((performance.now() - tCompact) / 1000).toFixed(2)} s;` +
      ` one substation's rows in that hour: ${rowsBefore} -> ${rowsAfter} (5-minute slots kept)`,
  );

  const ids = twin.listAssets({ type: "Substation", limit: 1 }).assets.map((a) => `${a.id}:load`);
  const ds = ids[0]!;
  const now = twin.now();
  const weekAgo = new Date(now.getTime() - 7 * 86400 * 1000);
  console.log(`series 1 datastream 7 d @ 5 min (avg,min,max): ${ms(stats(() => twin.series({ datastreams: [ds], from: weekAgo, to: now, stepSeconds: 300, aggs: ["avg", "min", "max"] })))}`);
  console.log(`series metric energy.load city 7 d @ 5 min: ${ms(stats(() => twin.series({ metric: "energy.load", from: weekAgo, to: now, stepSeconds: 300, aggs: ["avg"] })))}`);
  console.log(`series metric transport.congestion futian 7 d @ 1 h: ${ms(stats(() => twin.series({ metric: "transport.congestion", district: "futian", from: weekAgo, to: now, stepSeconds: 3600, aggs: ["avg", "max"] })))}`);
  if (historyExtra > 0) {
    // A 30-day department view and its "previous period" overlay, read from the metric history.
    const monthAgo = new Date(now.getTime() - 30 * 86400 * 1000);
    const twoMonthsAgo = new Date(now.getTime() - 60 * 86400 * 1000);
    const month = (from: Date, to: Date) => () => twin.series({ metric: "energy.load", district: "futian", from, to, stepSeconds: 3600, aggs: ["avg", "max"] });
    console.log(`series metric energy.load futian 30 d + previous 30 d @ 1 h: ${ms(stats(() => (month(monthAgo, now)(), month(twoMonthsAgo, monthAgo)()), 20))}`);
  }

  const all: string[] = [];
  let cursor: string | undefined;
  do {
    const page = twin.listAssets({ limit: 500, cursor });
    for (const a of page.assets) {
      const detail = twin.getAsset(a.id);
      for (const d of detail?.datastreams ?? []) all.push(d.id);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor && all.length < 1000);
  const thousand = all.slice(0, 1000);
  console.log(`latest for ${thousand.length} datastreams: ${ms(stats(() => twin.latest(thousand)))}`);
  console.log(`kpis (all domains): ${ms(stats(() => twin.kpis(undefined), 20))}`);
  console.log(`listAssets energy page of 100: ${ms(stats(() => twin.listAssets({ domain: "energy", limit: 100 })))}`);

  twin.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
