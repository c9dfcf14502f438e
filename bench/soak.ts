/**
 * Wall soak: a rotating wall in Chromium against the simulator at an accelerated clock. Once per
 * playlist cycle (always at the same board and phase, so board-to-board differences do not read
 * as growth) it forces a GC and samples JS heap, DOM nodes and event listeners, then prints the
 * growth per hour after warm-up (least-squares slope) against the targets: heap <= 1 MB/h, nodes
 * and listeners flat, zero WebGL context losses.
 *
 *   npx tsx bench/soak.ts              30 min warm-up, 3 h run, one sample a minute
 *   npx tsx bench/soak.ts --smoke      3 min run (1 min warm-up), a sample every 30 s
 *   BASE_URL=http://127.0.0.1:3300 npx tsx bench/soak.ts --smoke   against a running server
 *
 * Without BASE_URL it starts `next start` on port 3320 from the build in TWINOPS_DIST_DIR
 * (default .next) with its own database (data/soak.db) and TWINOPS_CLOCK_SPEED=60.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { chromium, type CDPSession, type Page } from "@playwright/test";
import { BENCH_ADMIN_PASSWORD, deviceToken, signInAdmin } from "./auth";
import { codeSplit, takeHeapSnapshot } from "./heap-snapshot";
import { helpAndExit } from "./usage";

helpAndExit(__filename);

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const opt = (name: string, def: number) => {
  const i = argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(argv[i + 1]) : NaN;
  return Number.isFinite(v) ? v : def;
};

const SMOKE = flag("smoke");
const DURATION_MIN = opt("minutes", SMOKE ? 3 : 180);
const WARMUP_MIN = opt("warmup", SMOKE ? 1 : 30);
/** Seconds per board; five boards make one playlist cycle = one sample. */
const EVERY_S = opt("every", SMOKE ? 6 : 12);
const CLOCK_SPEED = opt("speed", 60);
const PORT = 3320;
const PLAYLIST = ["city", "energy", "transport", "construction", "health"];
/** Heap snapshots at the start and end of the measured window (`--no-snapshots` skips them). */
const SNAPSHOTS = !flag("no-snapshots");
const SNAP_DIR = process.env.SOAK_SNAPSHOT_DIR ?? "/tmp/twinops-soak";

interface Sample {
  tMin: number;
  heapMb: number;
  nodes: number;
  listeners: number;
  contextLosses: number;
  softReloads: number;
  board: string;
  /** Whole re-sends of the map's asset sources and feature-state restylings so far (this map). */
  setData: number;
  featureState: number;
}

async function waitForServer(base: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(`${base}/api/twin/v1`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`server at ${base} did not come up`);
}

function startServer(): ChildProcess {
  // A fresh database each run: the first admin gets this run's password.
  const db = process.env.TWINOPS_DB_PATH ?? "data/soak.db";
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(PORT)], {
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      TWINOPS_DB_PATH: process.env.TWINOPS_DB_PATH ?? "data/soak.db",
      TWINOPS_BACKFILL_DAYS: "1",
      // Walls show today and yesterday: weeks of background history would only load the soak.
      TWINOPS_HISTORY_DAYS: "2",
      TWINOPS_TICK_SECONDS: "2",
      TWINOPS_CLOCK_SPEED: String(CLOCK_SPEED),
      TWINOPS_ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return child;
}

/**
 * Mean heap over the last `dayMin` minutes of samples and over the `dayMin` before them, and the
 * difference as MB per real hour; null when the samples do not span two whole days.
 */
export function dayOverDay(samples: readonly { tMin: number; heapMb: number }[], dayMin: number): { previous: number; last: number; perHour: number } | null {
  const end = samples[samples.length - 1]?.tMin;
  const start = samples[0]?.tMin;
  if (end === undefined || start === undefined || end - start < 2 * dayMin - 1) return null;
  const mean = (from: number, to: number) => {
    const xs = samples.filter((s) => s.tMin > from && s.tMin <= to).map((s) => s.heapMb);
    return xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  };
  const last = mean(end - dayMin, end);
  const previous = mean(end - 2 * dayMin, end - dayMin);
  return { previous, last, perHour: ((last - previous) / dayMin) * 60 };
}

/** Least-squares slope of y over x. */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

async function sample(page: Page, cdp: CDPSession, t0: number): Promise<Sample> {
  await cdp.send("HeapProfiler.collectGarbage");
  const { metrics } = (await cdp.send("Performance.getMetrics")) as { metrics: { name: string; value: number }[] };
  const m = (name: string) => metrics.find((x) => x.name === name)?.value ?? NaN;
  const attrs = await page.evaluate(() => {
    const root = document.querySelector("[data-testid=wall-root]");
    const map = document.querySelector("[data-context-losses]");
    const mapRoot = document.querySelector("[data-testid=map-root]");
    return {
      setData: Number(mapRoot?.getAttribute("data-setdata-count") ?? 0),
      featureState: Number(mapRoot?.getAttribute("data-feature-state-updates") ?? 0),
      board: root?.getAttribute("data-board") ?? "?",
      soft: Number(root?.getAttribute("data-soft-reloads") ?? 0),
      losses: Number(map?.getAttribute("data-context-losses") ?? 0),
    };
  });
  return {
    tMin: (Date.now() - t0) / 60_000,
    heapMb: m("JSHeapUsedSize") / 1024 / 1024,
    nodes: m("Nodes"),
    listeners: m("JSEventListeners"),
    contextLosses: attrs.losses,
    softReloads: attrs.soft,
    board: attrs.board,
    setData: attrs.setData,
    featureState: attrs.featureState,
  };
}

async function main(): Promise<void> {
  const base = (process.env.BASE_URL ?? `http://127.0.0.1:${PORT}`).replace(/\/$/, "");
  const server = process.env.BASE_URL ? null : startServer();
  try {
    await waitForServer(base, 180_000);
    const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium" });
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, colorScheme: "dark" });
    // The wall signs in as walls do: a read-only device token bound to its boards.
    const token = await deviceToken(base, await signInAdmin(base), PLAYLIST, "soak wall");
    await page.context().addCookies([{ name: "twinops_device", value: token, url: base }]);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (msg) => {
      if (msg.type() === "error") errors.push(msg.text());
    });
    let contextLostEvents = 0;
    await page.exposeFunction("__soakContextLost", () => contextLostEvents++);
    await page.addInitScript(() => {
      // Counts every lost context on any canvas, independent of the app's own counter.
      document.addEventListener("webglcontextlost", () => (window as unknown as { __soakContextLost: () => void }).__soakContextLost(), true);
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");
    // quietHour=off: a soft reload mid-run would hide growth rather than measure it.
    const url = `${base}/wall/${PLAYLIST[0]}?rotate=${PLAYLIST.join(",")}&every=${EVERY_S}s&quietHour=off`;
    await page.goto(url);
    await page.waitForSelector('[data-map-loaded="true"]', { timeout: 60_000 });

    const cycleMs = EVERY_S * 1000 * PLAYLIST.length;
    const t0 = Date.now();
    const samples: Sample[] = [];
    let snapFirst: { file: string; tMin: number } | null = null;
    mkdirSync(SNAP_DIR, { recursive: true });
    console.log(`soak: ${url}\n  ${DURATION_MIN} min, warm-up ${WARMUP_MIN} min, a sample per ${cycleMs / 1000} s cycle, clock x${CLOCK_SPEED}`);
    console.log("  t(min)  board   heap(MB)  nodes  listeners  ctx-lost  soft-reloads  setData  f-state");
    while (Date.now() - t0 < DURATION_MIN * 60_000) {
      // Same phase of the cycle every time: mid-way through the first board.
      const now = Date.now();
      const nextCycle = Math.ceil(now / cycleMs) * cycleMs;
      await page.waitForTimeout(nextCycle - now + (EVERY_S * 1000) / 2);
      const s = await sample(page, cdp, t0);
      samples.push(s);
      // A heap snapshot at the first sample after warm-up (and one at the end, below) splits the
      // heap into the app's data and the JIT's compiled code.
      if (SNAPSHOTS && !snapFirst && s.tMin >= WARMUP_MIN) {
        snapFirst = { file: join(SNAP_DIR, "soak-first.heapsnapshot"), tMin: s.tMin };
        await takeHeapSnapshot(cdp, snapFirst.file);
      }
      console.log(
        `  ${s.tMin.toFixed(1).padStart(6)}  ${s.board.padEnd(6)}  ${s.heapMb.toFixed(2).padStart(8)}  ${String(s.nodes).padStart(5)}  ${String(s.listeners).padStart(9)}  ${String(s.contextLosses).padStart(8)}  ${String(s.softReloads).padStart(12)}  ${String(s.setData).padStart(7)}  ${String(s.featureState).padStart(7)}`,
      );
    }
    let snapLast: { file: string; tMin: number } | null = null;
    if (snapFirst) {
      snapLast = { file: join(SNAP_DIR, "soak-last.heapsnapshot"), tMin: (Date.now() - t0) / 60_000 };
      await takeHeapSnapshot(cdp, snapLast.file);
    }
    await browser.close();

    const after = samples.filter((s) => s.tMin >= WARMUP_MIN);
    const xs = after.map((s) => s.tMin / 60);
    const per = (f: (s: Sample) => number) => slope(xs, after.map(f));
    const heap = per((s) => s.heapMb);
    const nodes = per((s) => s.nodes);
    const listeners = per((s) => s.listeners);
    const first = after[0];
    const last = after[after.length - 1];
    console.log(`\ngrowth per hour after ${WARMUP_MIN} min warm-up (${after.length} samples):`);
    console.log(`  JS heap     ${heap >= 0 ? "+" : ""}${heap.toFixed(2)} MB/h   (target <= 1 MB/h)  ${heap <= 1 ? "ok" : "OVER"}`);
    console.log(`  DOM nodes   ${nodes >= 0 ? "+" : ""}${nodes.toFixed(0)} /h      (target flat; ${first?.nodes ?? "?"} -> ${last?.nodes ?? "?"})`);
    console.log(`  listeners   ${listeners >= 0 ? "+" : ""}${listeners.toFixed(0)} /h      (target flat; ${first?.listeners ?? "?"} -> ${last?.listeners ?? "?"})`);
    console.log(`  WebGL context losses: ${contextLostEvents} (target 0)`);
    if (first && last) {
      console.log(
        `  map updates: ${last.setData - first.setData} asset setData, ${last.featureState - first.featureState} feature-state restylings after warm-up`,
      );
    }
    console.log(`  page errors: ${errors.length}${errors.length ? ` (first: ${errors[0]})` : ""}`);
    // The wall's "today" series grow through each simulated day and are dropped at midnight, so
    // the heap follows a daily cycle: a slope over part of a day reads the cycle as growth. Mean
    // heap over the last whole simulated day against the day before tells growth from cycle.
    const day = dayOverDay(after, 1440 / CLOCK_SPEED);
    console.log(
      day
        ? `  JS heap day over day: ${day.previous.toFixed(2)} -> ${day.last.toFixed(2)} MB mean per simulated day, ${day.perHour >= 0 ? "+" : ""}${day.perHour.toFixed(2)} MB/h (target <= 1 MB/h)  ${day.perHour <= 1 ? "ok" : "OVER"}`
        : `  JS heap day over day: needs two whole simulated days (${((2 * 1440) / CLOCK_SPEED).toFixed(0)} min) after warm-up`,
    );
    if (snapFirst && snapLast) {
      // JSHeapUsedSize counts compiled code too: as more of the app's functions get hot, V8
      // compiles them (baseline, then optimised). That code is bounded by the app's size and
      // grows ever slower; the app's data is what must stay flat.
      const a = codeSplit(snapFirst.file);
      const b = codeSplit(snapLast.file);
      const hours = (snapLast.tMin - snapFirst.tMin) / 60;
      const rate = (x: number, y: number) => ((y - x) / 1024 / 1024 / hours).toFixed(2);
      const mbs = (x: number) => (x / 1024 / 1024).toFixed(2);
      console.log(
        `  heap snapshots at ${snapFirst.tMin.toFixed(0)} and ${snapLast.tMin.toFixed(0)} min: app data ${mbs(a.data)} -> ${mbs(b.data)} MB (${rate(a.data, b.data)} MB/h, target <= 1: ${Number(rate(a.data, b.data)) <= 1 ? "ok" : "OVER"}); compiled code ${mbs(a.code)} -> ${mbs(b.code)} MB (${rate(a.code, b.code)} MB/h, JIT warm-up)`,
      );
    }
    if (SMOKE) console.log("  (smoke run: too short for a trustworthy slope; it proves the harness, not the wall)");
  } finally {
    server?.kill("SIGTERM");
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
