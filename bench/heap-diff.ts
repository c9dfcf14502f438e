/**
 * Wall heap diff: what the rotating wall keeps allocating. Runs the wall in Chromium (as
 * bench/soak.ts does) and takes heap snapshots (after a forced GC) at the same board and phase of
 * the playlist, `--gap` minutes apart; then compares them by constructor: count and self size of
 * the first against the last, and the objects allocated between the first and second snapshot that
 * are still alive in the last one (DevTools' "objects allocated between snapshots", the leak
 * signal), each group with the shortest retainer path of one sample object.
 *
 *   BASE_URL=http://127.0.0.1:3330 TWINOPS_ADMIN_PASSWORD=… npx tsx bench/heap-diff.ts --warmup 10 --gap 24 --snapshots 3
 *   npx tsx bench/heap-diff.ts --analyze /tmp/heap    compare the snapshots already in a folder
 *
 * At clock x60 a simulated day passes every 24 real minutes and the "today" series follow a daily
 * cycle: a gap of 24 minutes compares the same time of the simulated day. Snapshots are written
 * to `--out` (default /tmp/wall-heap; some 100 MB each), so they can be analysed again.
 */
import { createWriteStream, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "@playwright/test";
import { onJsHeap, parse, totals, type Heap } from "./heap-snapshot";
import { deviceToken, signInAdmin } from "./auth";
import { helpAndExit } from "./usage";

helpAndExit(__filename);

const argv = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(argv[i + 1]) : NaN;
  return Number.isFinite(v) ? v : def;
};
const str = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};

const WARMUP_MIN = opt("warmup", 10);
const GAP_MIN = opt("gap", 24);
const SNAPSHOTS = Math.max(2, opt("snapshots", 3));
const EVERY_S = opt("every", 12);
const TOP = opt("top", 25);
const OUT = str("out") ?? "/tmp/wall-heap";
const PLAYLIST = ["city", "energy", "transport", "construction", "health"];

/** Shortest path from the root over strong edges (weak edges and shortcuts do not retain). */
function parents(heap: Heap): { node: Int32Array; edge: Int32Array } {
  const n = heap.ids.length;
  const node = new Int32Array(n).fill(-1);
  const edge = new Int32Array(n).fill(-1);
  const weak = heap.edgeKindNames.indexOf("weak");
  const shortcut = heap.edgeKindNames.indexOf("shortcut");
  const queue = new Uint32Array(n);
  let head = 0;
  let tail = 0;
  queue[tail++] = 0;
  node[0] = 0;
  while (head < tail) {
    const i = queue[head++]!;
    for (let j = heap.firstEdge[i]!; j < heap.firstEdge[i + 1]!; j++) {
      const k = heap.edgeKind[j]!;
      if (k === weak || k === shortcut) continue;
      const to = heap.edgeTo[j]!;
      if (node[to] !== -1) continue;
      node[to] = i;
      edge[to] = j;
      queue[tail++] = to;
    }
  }
  return { node, edge };
}

function retainerPath(heap: Heap, p: { node: Int32Array; edge: Int32Array }, i: number): string {
  const steps: string[] = [];
  let cur = i;
  for (let guard = 0; guard < 40 && cur !== 0 && p.node[cur]! >= 0; guard++) {
    const e = p.edge[cur]!;
    const from = p.node[cur]!;
    steps.push(`${heap.group[from]!.slice(0, 40)} .${heap.edgeName[e]!.slice(0, 40)}`);
    cur = from;
  }
  if (cur !== 0) return "(unreachable from the root)";
  return steps.reverse().join(" -> ");
}

const mb = (b: number) => (b / 1024 / 1024).toFixed(3);
const kb = (b: number) => `${b >= 0 ? "+" : ""}${(b / 1024).toFixed(1)}`;

function analyze(files: readonly string[]): void {
  console.log(`parsing ${files.length} snapshots...`);
  const first = parse(files[0]!);
  const last = parse(files[files.length - 1]!);
  const sum = (h: Heap, js: boolean) => h.size.reduce((a, b, i) => (onJsHeap(h, i) === js ? a + b : a), 0);
  console.log(`  V8 heap (self sizes): first ${mb(sum(first, true))} MB, last ${mb(sum(last, true))} MB`);
  console.log(`  Blink objects and backing stores: first ${mb(sum(first, false))} MB, last ${mb(sum(last, false))} MB`);

  const a = totals(first);
  const b = totals(last);
  const rows = [...new Set([...a.keys(), ...b.keys()])].map((g) => {
    const x = a.get(g) ?? { count: 0, size: 0 };
    const y = b.get(g) ?? { count: 0, size: 0 };
    return { g, dc: y.count - x.count, ds: y.size - x.size, count: y.count };
  });
  rows.sort((p, q) => q.ds - p.ds);
  console.log(`\nV8 heap growth first -> last snapshot by constructor (top ${TOP} by self size):`);
  console.log("   d size KB   d count    count  constructor");
  for (const r of rows.slice(0, TOP)) {
    console.log(`  ${kb(r.ds).padStart(9)}  ${String(r.dc).padStart(8)}  ${String(r.count).padStart(7)}  ${r.g.slice(0, 100)}`);
  }
  console.log(`  ... shrinking most:`);
  for (const r of rows.slice(-8).reverse()) {
    console.log(`  ${kb(r.ds).padStart(9)}  ${String(r.dc).padStart(8)}  ${String(r.count).padStart(7)}  ${r.g.slice(0, 100)}`);
  }

  if (files.length >= 3) {
    // Allocated after the first snapshot and before the second, still alive at the last one.
    const second = parse(files[1]!);
    const inFirst = new Set(first.ids);
    const inSecond = new Set<number>();
    for (const id of second.ids) if (!inFirst.has(id)) inSecond.add(id);
    const survivors = totals(last, (i) => inSecond.has(last.ids[i]!));
    const list = [...survivors.entries()].sort((p, q) => q[1].size - p[1].size);
    const total = list.reduce((s, [, t]) => s + t.size, 0);
    console.log(`\nallocated between snapshots 1 and 2 and still alive at ${files.length}: ${mb(total)} MB`);
    const p = parents(last);
    console.log("   size KB     count  constructor   [retainer path of one]");
    for (const [g, t] of list.slice(0, TOP)) {
      let sample = -1;
      for (let i = 0; i < last.ids.length; i++) {
        if (last.group[i] === g && inSecond.has(last.ids[i]!)) {
          sample = i;
          break;
        }
      }
      console.log(`  ${(t.size / 1024).toFixed(1).padStart(8)}  ${String(t.count).padStart(8)}  ${g.slice(0, 80)}`);
      if (sample >= 0) console.log(`      ${retainerPath(last, p, sample)}`);
    }
  }

  // Strings by value: keys (URLs, ISO times) that pile up show here.
  const byValue = (h: Heap) => {
    const m = new Map<string, number>();
    for (let i = 0; i < h.ids.length; i++) {
      if (h.group[i] !== "(string)") continue;
      const v = h.name[i]!.replace(/\d/g, "9").slice(0, 70);
      m.set(v, (m.get(v) ?? 0) + 1);
    }
    return m;
  };
  const sa = byValue(first);
  const sb = byValue(last);
  const srows = [...sb.entries()].map(([v, c]) => ({ v, d: c - (sa.get(v) ?? 0), c })).sort((p, q) => q.d - p.d);
  console.log(`\nstrings by shape (digits as 9), top growing counts:`);
  for (const r of srows.slice(0, 15)) console.log(`  ${String(r.d).padStart(7)}  ${String(r.c).padStart(7)}  ${JSON.stringify(r.v)}`);
}

async function capture(): Promise<string[]> {
  const base = (process.env.BASE_URL ?? "http://127.0.0.1:3330").replace(/\/$/, "");
  mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium" });
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, colorScheme: "dark" });
  // Signed in as a wall: a device token (the server's admin password in TWINOPS_ADMIN_PASSWORD).
  const token = await deviceToken(base, await signInAdmin(base), PLAYLIST, "heap-diff wall");
  await page.context().addCookies([{ name: "twinops_device", value: token, url: base }]);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  await cdp.send("HeapProfiler.enable");
  const url = `${base}/wall/${PLAYLIST[0]}?rotate=${PLAYLIST.join(",")}&every=${EVERY_S}s&quietHour=off`;
  await page.goto(url);
  await page.waitForSelector('[data-map-loaded="true"]', { timeout: 60_000 });
  const cycleMs = EVERY_S * 1000 * PLAYLIST.length;
  const t0 = Date.now();
  console.log(`heap-diff: ${url}\n  snapshots at ${WARMUP_MIN} min, then every ${GAP_MIN} min (${SNAPSHOTS}); written to ${OUT}`);
  const files: string[] = [];
  for (let k = 0; k < SNAPSHOTS; k++) {
    const due = t0 + (WARMUP_MIN + k * GAP_MIN) * 60_000;
    // Same board and phase as the soak's samples: mid-way through the first board.
    const now = Date.now();
    const at = Math.max(now, due);
    const nextCycle = Math.ceil(at / cycleMs) * cycleMs + (EVERY_S * 1000) / 2;
    await page.waitForTimeout(nextCycle - now);
    await cdp.send("HeapProfiler.collectGarbage");
    const { metrics } = (await cdp.send("Performance.getMetrics")) as { metrics: { name: string; value: number }[] };
    const heap = metrics.find((x) => x.name === "JSHeapUsedSize")?.value ?? NaN;
    const board = await page.getAttribute("[data-testid=wall-root]", "data-board");
    const file = join(OUT, `snap-${k + 1}.heapsnapshot`);
    const out = createWriteStream(file);
    const onChunk = ({ chunk }: { chunk: string }) => out.write(chunk);
    cdp.on("HeapProfiler.addHeapSnapshotChunk", onChunk);
    await cdp.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
    cdp.off("HeapProfiler.addHeapSnapshotChunk", onChunk);
    await new Promise<void>((resolve) => out.end(resolve));
    files.push(file);
    console.log(`  ${((Date.now() - t0) / 60_000).toFixed(1).padStart(6)} min  board ${board}  heap ${(heap / 1024 / 1024).toFixed(2)} MB  -> ${file}`);
  }
  await browser.close();
  return files;
}

async function main(): Promise<void> {
  const dir = str("analyze");
  const files = dir
    ? readdirSync(dir)
        .filter((f) => f.endsWith(".heapsnapshot"))
        .sort()
        .map((f) => join(dir, f))
    : await capture();
  if (files.length < 2) throw new Error("need at least two snapshots");
  analyze(files);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
