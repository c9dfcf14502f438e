/**
 * Main-thread blocking of pages of a running server, from Chromium's own trace: every task of the
 * page's main thread longer than 50 ms, from navigation to `WAIT` ms after the load event, summed
 * as Lighthouse sums total blocking time (each task's time beyond 50 ms), median of RUNS. It is
 * the figure behind Lighthouse's TBT without Lighthouse's time-to-interactive window, for a
 * machine too busy for Lighthouse to finish a department page (its runs end in protocol timeouts).
 *
 *   BASE_URL=http://127.0.0.1:3000 TWINOPS_ADMIN_PASSWORD=… npx tsx bench/long-tasks.ts
 *   PAGES=/signin,/energy,/transport,/construction,/health,/logistics (default) RUNS=3 WAIT=8000
 *
 * Pages are measured round-robin (one run of every page, then the next round), each in a fresh
 * browser context at 1350 × 940; every page but /signin signed in as the admin. The first page is
 * the baseline: each page's blocking is also printed as a multiple of it (issue 19: department
 * pages ≤ 2× /signin). Headless Chromium here has no GPU: WebGL runs on SwiftShader.
 */
import { chromium } from "@playwright/test";
import { signInAdmin } from "./auth";
import { helpAndExit } from "./usage";

helpAndExit(__filename);

const BASE_URL = (process.env.BASE_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");
const PAGES = (process.env.PAGES ?? "/signin,/energy,/transport,/construction,/health,/logistics").split(",");
const RUNS = Number(process.env.RUNS ?? 3);
const WAIT = Number(process.env.WAIT ?? 8000);

interface TraceEvent {
  name: string;
  dur?: number;
  pid: number;
  tid: number;
}

interface Run {
  blocking: number;
  longest: number;
  tasks: number;
}

/** The long tasks (ms) of the busiest thread: the page's renderer main thread. */
function longTasks(events: TraceEvent[]): number[] {
  const byThread = new Map<string, number[]>();
  for (const e of events) {
    if (e.name !== "RunTask" || (e.dur ?? 0) <= 50_000) continue;
    const key = `${e.pid}:${e.tid}`;
    byThread.set(key, [...(byThread.get(key) ?? []), (e.dur ?? 0) / 1000]);
  }
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
  return [...byThread.values()].sort((a, b) => sum(b) - sum(a))[0] ?? [];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function main(): Promise<void> {
  const session = await signInAdmin(BASE_URL, process.env.TWINOPS_ADMIN_PASSWORD);
  const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium" });
  const runs = new Map<string, Run[]>(PAGES.map((p) => [p, []]));
  try {
    for (let r = 0; r < RUNS; r++) {
      for (const path of PAGES) {
        const context = await browser.newContext({ viewport: { width: 1350, height: 940 } });
        if (path !== "/signin") await context.addCookies([{ name: session.name, value: session.value, url: BASE_URL }]);
        const page = await context.newPage();
        await browser.startTracing(page, { categories: ["toplevel", "devtools.timeline", "disabled-by-default-devtools.timeline"] });
        await page.goto(`${BASE_URL}${path}`, { waitUntil: "load" });
        await page.waitForTimeout(WAIT);
        const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
        const tasks = longTasks(trace.traceEvents);
        runs.get(path)?.push({ blocking: tasks.reduce((s, d) => s + d - 50, 0), longest: Math.max(0, ...tasks), tasks: tasks.length });
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  const base = median(runs.get(PAGES[0] ?? "")?.map((x) => x.blocking) ?? []);
  console.log(`Main-thread blocking (tasks > 50 ms, load + ${WAIT} ms), median of ${RUNS}, ${BASE_URL}`);
  for (const [path, rs] of runs) {
    const blocking = median(rs.map((x) => x.blocking));
    console.log(
      `${path.padEnd(14)} blocking ${blocking.toFixed(0).padStart(6)} ms  ${(blocking / Math.max(base, 1)).toFixed(1).padStart(5)}× ${PAGES[0]}` +
        `  longest ${median(rs.map((x) => x.longest)).toFixed(0).padStart(5)} ms  long tasks ${median(rs.map((x) => x.tasks))}` +
        `  (runs: ${rs.map((x) => x.blocking.toFixed(0)).join(", ")})`,
    );
  }
}

void main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
