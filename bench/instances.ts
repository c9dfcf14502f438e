/**
 * Many instances on one PostgreSQL, measured: a throwaway PostgreSQL cluster, two production
 * servers on it (A starts first and becomes the writer) and, as the baseline, one server on the
 * embedded SQLite twin, all on the same city and clock.
 *
 *   npm run build && npx tsx --conditions=react-server bench/instances.ts
 *   (TRIALS=3 EVENTS=60 API_REQUESTS=300 to change the load; CITY=shenzhen for the big city)
 *
 * Prints:
 * - writer failover after `kill -9` of the writer: ms until the other instance's /api/health says
 *   `writer: true`, and until its `dataThrough` moves on (the new writer wrote a tick); TRIALS
 *   times, the killed instance restarted in between;
 * - cross-instance event delay: a feed row posted to one instance, until the `observation` event
 *   carrying it arrives on an SSE stream of the other (p50, p95, max over EVENTS rows), beside the
 *   same delay within one instance;
 * - API requests/s: bench/api.ts (app beside a bare node:http server sending the same bytes) run
 *   against the PostgreSQL instance and against the SQLite instance, one after the other.
 */
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { findPgBin, startCluster } from "../test/postgres";
import { signal, signIn, startOwnServer, waitUp, removeDatabase, exited, type OwnServer } from "../e2e/own-server";
import { BENCH_ADMIN_PASSWORD } from "./auth";
import { helpAndExit } from "./usage";

helpAndExit(__filename);

const TRIALS = Number(process.env.TRIALS ?? 3);
const EVENTS = Number(process.env.EVENTS ?? 60);
const API_REQUESTS = Number(process.env.API_REQUESTS ?? 300);
const CITY = process.env.CITY ?? "demo-harbour";
const BASE_PORT = Number(process.env.BENCH_PORT ?? 3610);

interface Health {
  writer: boolean;
  dataThrough: string | null;
}
const health = async (s: OwnServer): Promise<Health> => (await (await fetch(`${s.base}/api/health`)).json()) as Health;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function until<T>(f: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f().catch(() => undefined);
    if (v !== undefined && ok(v)) return v;
    if (Date.now() > end) throw new Error("timed out");
    await sleep(50);
  }
}

/** Opens an SSE stream with the rows of `dsId` in its observation events; calls `onData` with each event's data line. */
async function stream(s: OwnServer, cookie: string, dsId: string, onData: (data: string) => void): Promise<() => void> {
  const res = await fetch(`${s.base}/api/twin/v1/events?datastreams=${encodeURIComponent(dsId)}`, { headers: { cookie } });
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let text = "";
  void (async () => {
    for (;;) {
      const r = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (r.done) return;
      text += dec.decode(r.value, { stream: true });
      let cut: number;
      while ((cut = text.indexOf("\n\n")) >= 0) {
        const block = text.slice(0, cut);
        text = text.slice(cut + 2);
        const data = /^data: ?(.*)$/m.exec(block)?.[1];
        if (data) onData(data);
      }
    }
  })();
  return () => void reader.cancel().catch(() => {});
}

/** Time of the next feed row (ms), shared by the runs so no two rows share a time. */
let nextT = 0;

/** Posts one feed row per call to `via` and times its event on `on`'s stream. */
async function eventDelays(via: OwnServer, on: OwnServer, cookie: string, token: string, dsId: string): Promise<number[]> {
  const waiting = new Map<string, (t: number) => void>();
  const stop = await stream(on, cookie, dsId, (data) => {
    for (const [mark, done] of waiting) if (data.includes(mark)) done(performance.now());
  });
  await sleep(300);
  const delays: number[] = [];
  nextT = Math.max(nextT, Date.parse((await health(via)).dataThrough!) + 1000);
  for (let k = 0; k < EVENTS; k++) {
    // Whole seconds, each once, off the simulator's 5-minute grid: a row the writer (whose clock
    // may run ahead of this instance's) has already written would be a duplicate, with no event.
    if ((nextT / 1000) % 300 === 0) nextT += 1000;
    const t = new Date(nextT).toISOString();
    nextT += 1000;
    const mark = `"t":"${t}"`;
    const arrived = new Promise<number>((resolve) => waiting.set(mark, resolve));
    const sent = performance.now();
    const res = await fetch(`${via.base}/api/twin/v1/ingest/observations`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ observations: [{ datastreamId: dsId, t, v: 40 + (k % 10) }] }),
    });
    if (res.status !== 200) throw new Error(`ingest answered ${res.status}`);
    const at = await Promise.race([arrived, sleep(10_000).then(() => NaN)]);
    waiting.delete(mark);
    if (Number.isNaN(at)) throw new Error("an event did not arrive within 10 s");
    delays.push(at - sent);
  }
  stop();
  return delays;
}

function apiBench(s: OwnServer, label: string): void {
  console.log(`\n--- bench/api.ts against ${label} (${s.base}) ---`);
  const r = spawnSync(process.execPath, ["--conditions=react-server", "node_modules/tsx/dist/cli.mjs", "bench/api.ts"], {
    stdio: "inherit",
    env: { ...process.env, BASE_URL: s.base, TWINOPS_ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD, REQUESTS: String(API_REQUESTS) },
  });
  if (r.status !== 0) console.log(`bench/api.ts against ${label} failed (${r.status})`);
}

async function main() {
  const bin = findPgBin();
  if (!bin) throw new Error("PostgreSQL is not installed (apt-get install postgresql)");
  const cluster = await startCluster(bin);
  const common = { TWINOPS_CITY: CITY, TWINOPS_BACKFILL_DAYS: "0.5", TWINOPS_HISTORY_DAYS: "1", TWINOPS_TICK_SECONDS: "2" };
  const pg = { ...common, TWINOPS_DATABASE_URL: cluster.url, TWINOPS_DATABASE_SCHEMA: "bench" };
  const start = (port: number, env: Record<string, string>, db = `data/bench-instances-${port}.db`) => startOwnServer(port, db, BENCH_ADMIN_PASSWORD, env);
  let a = start(BASE_PORT, pg);
  let b: OwnServer | null = null;
  let lite: OwnServer | null = null;
  try {
    await waitUp(a, 600_000);
    b = start(BASE_PORT + 1, pg);
    await waitUp(b, 600_000);
    console.log(`instances bench: city ${CITY}, PostgreSQL at ${cluster.url}`);
    const s = await signIn(a);
    const headers = { cookie: s.cookie, "x-csrf-token": s.csrf, "Content-Type": "application/json" };
    const issued = (await (await fetch(`${a.base}/api/admin/tokens`, { method: "POST", headers, body: JSON.stringify({ kind: "feed", name: "bench" }) })).json()) as {
      token: string;
    };
    const feeder = (await (await fetch(`${a.base}/api/twin/v1/assets?type=Feeder&limit=1`, { headers })).json()) as { features: { id: string }[] };
    const dsId = `${feeder.features[0]!.id}:loading`;

    const cross = await eventDelays(b, a, s.cookie, issued.token, dsId);
    const local = await eventDelays(a, a, s.cookie, issued.token, dsId);
    console.log(`\nevent delay, ingest -> SSE event (${EVENTS} rows each):`);
    console.log(`  across instances (post to B, stream on A): p50 ${pct(cross, 50).toFixed(1)} ms  p95 ${pct(cross, 95).toFixed(1)} ms  max ${Math.max(...cross).toFixed(1)} ms`);
    console.log(`  one instance     (post to A, stream on A): p50 ${pct(local, 50).toFixed(1)} ms  p95 ${pct(local, 95).toFixed(1)} ms  max ${Math.max(...local).toFixed(1)} ms`);

    console.log(`\nwriter failover after kill -9 (${TRIALS} trials):`);
    for (let trial = 1; trial <= TRIALS; trial++) {
      const [writer, other] = (await health(a)).writer ? [a, b] : [b, a];
      const before = Date.parse((await health(other)).dataThrough!);
      const killed = performance.now();
      signal(writer, "SIGKILL");
      await exited(writer);
      await until(() => health(other), (h) => h.writer, 30_000);
      const lease = performance.now() - killed;
      await until(() => health(other), (h) => Date.parse(h.dataThrough!) > before, 30_000);
      const ticking = performance.now() - killed;
      console.log(`  trial ${trial}: writer role taken after ${lease.toFixed(0)} ms, new data written after ${ticking.toFixed(0)} ms`);
      const restarted = start(writer === a ? BASE_PORT : BASE_PORT + 1, pg);
      await waitUp(restarted, 600_000);
      if (writer === a) a = restarted;
      else b = restarted;
    }

    apiBench(a, "PostgreSQL");
    removeDatabase(`data/bench-instances-${BASE_PORT + 2}.db`);
    lite = start(BASE_PORT + 2, common);
    await waitUp(lite, 600_000);
    apiBench(lite, "SQLite (embedded)");
  } finally {
    for (const s of [a, b, lite]) if (s) signal(s, "SIGKILL");
    cluster.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
