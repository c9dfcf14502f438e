/**
 * Lighthouse scores (median of RUNS) for pages of a running server, in Debian's Chromium.
 *
 *   BASE_URL=http://127.0.0.1:3000 npx tsx bench/lighthouse.ts
 *   PAGES=/public/en,/public/zh/transport PRESET=mobile RUNS=3   (defaults)
 *   PRESET=desktop PAGES=/signin,/energy,/transport,/construction,/health,/logistics for department pages.
 *   BASELINE=/signin   (default: the first page) each page's TBT is also printed as a multiple of
 *   the baseline page's, measured in the same run (issue 19: department pages ≤ 2× /signin).
 *
 *   DETAIL=1   also prints, per page, where the main thread went (median ms of Lighthouse's
 *   mainthread-work-breakdown groups, and of bootup-time per script: the profile behind the TBT).
 *   KEEP=dir   keeps every run's Lighthouse JSON there (for a closer look) instead of deleting it.
 *
 * Pages are measured round-robin (one run of every page, then the next round), so a busy moment
 * of the machine lands on all pages alike. A run that Chromium aborts (a protocol error under
 * load, or a page that stops answering while the machine is busy) is retried up to twice, then
 * left out: its page's medians are over the runs that finished ("runs" says how many of RUNS).
 * Headless Chromium here has no GPU: WebGL runs on SwiftShader.
 *
 * Lighthouse itself is fetched by npx on first use (registry only).
 * Targets for the public pages (issue 5, mobile): performance ≥ 98, accessibility 100,
 * best practices ≥ 95, SEO 100.
 */
import { signInAdmin } from "./auth";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { helpAndExit } from "./usage";

helpAndExit(__filename);

const BASE_URL = (process.env.BASE_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");
const PAGES = (process.env.PAGES ?? "/public/en,/public/zh/transport").split(",");
const PRESET = process.env.PRESET === "desktop" ? "desktop" : "mobile";
const RUNS = Number(process.env.RUNS ?? 3);
const BASELINE = process.env.BASELINE ?? PAGES[0] ?? "/signin";
const ATTEMPTS = 3;
const DETAIL = process.env.DETAIL === "1";
const KEEP = process.env.KEEP;
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
const TARGETS: Record<(typeof CATEGORIES)[number], number> = {
  // Public pages on a phone (issue 5): 98; department pages on a laptop (issue 3, desktop): 95.
  performance: PRESET === "desktop" ? 95 : 98,
  accessibility: 100,
  "best-practices": 95,
  seo: 100,
};

interface Report {
  runtimeError?: { code?: string; message?: string };
  categories: Record<string, { score: number | null }>;
  audits: Record<string, { numericValue?: number; details?: { items?: BreakdownItem[] } }>;
}

/** A row of the mainthread-work-breakdown (group) or bootup-time (url) audit. */
interface BreakdownItem {
  group?: string;
  groupLabel?: string;
  url?: string;
  duration?: number;
  total?: number;
  scripting?: number;
}

/** Session cookie for internal pages (set in main when any page is internal). */
let cookie: string | null = null;

function runOnce(url: string, dir: string, i: number): Report | null {
  for (let attempt = 1; ; attempt++) {
    try {
      return runLighthouse(url, dir, i);
    } catch (err) {
      if (attempt >= ATTEMPTS) {
        console.error(`[lighthouse] ${url} run ${i + 1} failed ${ATTEMPTS} times, left out: ${(String(err).split("\n")[0] ?? "").replace(/Cookie[^}]*/, "Cookie…")}`);
        return null;
      }
      console.error(`[lighthouse] ${url} run ${i + 1} failed (attempt ${attempt}), retrying`);
    }
  }
}

function runLighthouse(url: string, dir: string, i: number): Report {
  const out = path.join(dir, `${url.replace(/^https?:\/\/[^/]+\//, "").replace(/[^a-z0-9]+/gi, "_") || "root"}-run-${i}.json`);
  execFileSync(
    "npx",
    [
      // Not a dependency: its tree pins a "latest" tag that breaks `npm ci` whenever it moves.
      // 12.8.2 is the newest that runs on Node 20 and works with Debian's Chromium 156.
      "--yes",
      "lighthouse@12.8.2",
      url,
      "--quiet",
      "--output=json",
      `--output-path=${out}`,
      `--only-categories=${CATEGORIES.join(",")}`,
      "--chrome-flags=--headless=new --no-sandbox",
      ...(PRESET === "desktop" ? ["--preset=desktop"] : []),
      // Internal pages need a signed-in person; public pages ignore the cookie.
      ...(cookie ? [`--extra-headers=${JSON.stringify({ Cookie: cookie })}`] : []),
    ],
    { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? "/usr/bin/chromium" } },
  );
  const report = JSON.parse(readFileSync(out, "utf8")) as Report;
  // A page that hung still gets a report (scores 0, no TBT): a failed run, not a figure.
  if (report.runtimeError) throw new Error(`${report.runtimeError.code ?? "runtime error"}: ${report.runtimeError.message ?? ""}`);
  return report;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

/**
 * Median ms per key over the runs, largest first, above 20 ms. `key` names a row (a group, a
 * script); rows a run lacks count as 0 in it.
 */
function medianRows(runs: Report[], audit: string, key: (item: BreakdownItem) => string, value: (item: BreakdownItem) => number): [string, number][] {
  const perRun = runs.map((r) => {
    const m = new Map<string, number>();
    for (const item of r.audits[audit]?.details?.items ?? []) m.set(key(item), (m.get(key(item)) ?? 0) + value(item));
    return m;
  });
  const keys = new Set(perRun.flatMap((m) => [...m.keys()]));
  return [...keys]
    .map((k): [string, number] => [k, median(perRun.map((m) => m.get(k) ?? 0))])
    .filter(([, ms]) => ms >= 20)
    .sort((a, b) => b[1] - a[1]);
}

/** Where the page's main thread went: work by kind, then script evaluation by script. */
function printDetail(page: string, runs: Report[]): void {
  const groups = medianRows(runs, "mainthread-work-breakdown", (i) => i.groupLabel ?? i.group ?? "?", (i) => i.duration ?? 0);
  // Chunk names are content hashes: the path is enough to find one in .next/static/chunks.
  const scripts = medianRows(runs, "bootup-time", (i) => (i.url ?? "?").replace(BASE_URL, ""), (i) => i.total ?? 0);
  console.log(`\n${page}: main thread (median ms)`);
  for (const [k, ms] of groups) console.log(`  ${ms.toFixed(0).padStart(6)}  ${k}`);
  console.log(`${page}: script time by script (median ms, total = evaluation + parse/compile)`);
  for (const [k, ms] of scripts.slice(0, 12)) console.log(`  ${ms.toFixed(0).padStart(6)}  ${k}`);
}

/** An async function, not top-level await: tsx runs this file as CommonJS (no "type": "module"). */
async function main(): Promise<void> {
  const dir = KEEP ? (mkdirSync(KEEP, { recursive: true }), KEEP) : mkdtempSync(path.join(tmpdir(), "lh-"));
  try {
    console.log(`Lighthouse ${PRESET}, median of ${RUNS} runs, ${BASE_URL}`);
    if (PAGES.some((p) => !p.startsWith("/public"))) cookie = (await signInAdmin(BASE_URL)).cookie;
    const reports = new Map<string, Report[]>(PAGES.map((p) => [p, []]));
    for (let i = 0; i < RUNS; i++) {
      for (const page of PAGES) {
        const report = runOnce(`${BASE_URL}${page}`, dir, i);
        if (report) reports.get(page)?.push(report);
      }
    }
    const tbt = (page: string) => median((reports.get(page) ?? []).map((r) => r.audits["total-blocking-time"]?.numericValue ?? Number.NaN));
    const baseTbt = tbt(BASELINE);
    const rows = PAGES.map((page) => {
      const runs = reports.get(page) ?? [];
      const row: Record<string, string> = { page };
      for (const c of CATEGORIES) {
        const m = Math.round(median(runs.map((r) => (r.categories[c]?.score ?? 0) * 100)));
        row[c] = `${m}${m >= TARGETS[c] ? "" : ` (< ${TARGETS[c]})`}`;
      }
      row["LCP ms"] = median(runs.map((r) => r.audits["largest-contentful-paint"]?.numericValue ?? Number.NaN)).toFixed(0);
      row["TBT ms"] = tbt(page).toFixed(0);
      // Against a floor of 50 ms: a baseline of 0 ms TBT would make every ratio infinite.
      row[`TBT ÷ ${BASELINE}`] = (tbt(page) / Math.max(baseTbt, 50)).toFixed(2);
      row["TBT runs ms"] = runs.map((r) => (r.audits["total-blocking-time"]?.numericValue ?? Number.NaN).toFixed(0)).join(" ");
      row.runs = `${runs.length}/${RUNS}`;
      return row;
    });
    console.table(rows);
    console.log(`TBT ratio against max(${BASELINE} TBT, 50 ms); WebGL on SwiftShader (headless Chromium, no GPU).`);
    if (DETAIL) for (const page of PAGES) printDetail(page, reports.get(page) ?? []);
  } finally {
    if (!KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
