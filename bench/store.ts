/**
 * Store benchmark: backfill, live ingest, series and latest on the Shenzhen inventory.
 * Run: npx tsx --conditions=react-server bench/store.ts [days=7] [city=shenzhen]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { manualClock } from "@/lib/twin/simulator/clock";
import { createEmbeddedTwin } from "@/lib/twin/sources/embedded";

const days = Number(process.argv[2] ?? 7);
const city = process.argv[3] ?? "shenzhen";
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

const t0 = performance.now();
let backfill = "";
const twin = createEmbeddedTwin({
  dbPath,
  city,
  seed: 42,
  backfillDays: days,
  tickSeconds: 0,
  clock,
  log: (l) => {
    console.log(l);
    if (l.includes("done")) backfill = l;
  },
});
console.log(`open + backfill total: ${((performance.now() - t0) / 1000).toFixed(1)} s  (${backfill.replace("[twin] ", "")})`);
const size = fs.statSync(dbPath).size + (fs.existsSync(`${dbPath}-wal`) ? fs.statSync(`${dbPath}-wal`).size : 0);
console.log(`database size: ${(size / 1e6).toFixed(0)} MB`);

// Live ticks: each 5 simulated minutes writes every stream whose slot arrived, through ingest().
let rows = 0;
const tTick = performance.now();
const ticks = 24;
let lastId = twin.replay(0).at(-1)?.id ?? 0;
for (let i = 0; i < ticks; i++) {
  clock.advance(300);
  twin.tick();
  for (const e of twin.replay(lastId)) {
    if (e.type === "observation") rows += e.data.observations.length;
    lastId = e.id;
  }
}
const tickSec = (performance.now() - tTick) / 1000;
console.log(`live ticks: ${ticks} ticks, ${rows} rows in ${tickSec.toFixed(2)} s = ${Math.round(rows / tickSec).toLocaleString("en")} rows/s (${((tickSec / ticks) * 1000).toFixed(0)} ms per tick)`);

const ids = twin.listAssets({ type: "Substation", limit: 1 }).assets.map((a) => `${a.id}:load`);
const ds = ids[0]!;
const now = twin.now();
const weekAgo = new Date(now.getTime() - 7 * 86400 * 1000);
console.log(`series 1 datastream 7 d @ 5 min (avg,min,max): ${ms(stats(() => twin.series({ datastreams: [ds], from: weekAgo, to: now, stepSeconds: 300, aggs: ["avg", "min", "max"] })))}`);
console.log(`series metric energy.load city 7 d @ 5 min: ${ms(stats(() => twin.series({ metric: "energy.load", from: weekAgo, to: now, stepSeconds: 300, aggs: ["avg"] })))}`);
console.log(`series metric transport.congestion futian 7 d @ 1 h: ${ms(stats(() => twin.series({ metric: "transport.congestion", district: "futian", from: weekAgo, to: now, stepSeconds: 3600, aggs: ["avg", "max"] })))}`);

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
