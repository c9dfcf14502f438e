/**
 * Main-thread cost of the two most frequent department-page interactions, in Chromium:
 * changing the district filter and changing the time range. For each it prints
 *   - commit: URL written -> React committed the new view (performance.measure from the page's
 *     own marks, see components/department/department-view.tsx);
 *   - main thread: Chromium's TaskDuration (script, style, layout, paint) from the click until the
 *     page has settled (no request in flight for 300 ms and two frames drawn), i.e. including the
 *     re-render when the new data arrives;
 *   - wall time to settled.
 * Baseline, measured in the same run: the main-thread time of the same page left alone for the
 * same wall time (live updates, clock ticks), so the ratio shows what the interaction adds.
 * Target (issue 3): <= 100 ms main-thread time per interaction (median).
 *
 *   BASE_URL=http://127.0.0.1:3000 npx tsx bench/department.ts
 *   PAGE=/transport ROUNDS=8 CPU=1   (defaults /energy, 6 rounds, no CPU throttling)
 *   PROFILE=1   also prints the functions with the most self time during one district change
 */
import { signInAdmin } from "./auth";
import { chromium, type CDPSession, type Page } from "@playwright/test";
import { helpAndExit } from "./usage";

helpAndExit(__filename);

const BASE_URL = (process.env.BASE_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");
const PAGE = process.env.PAGE ?? "/energy";
const ROUNDS = Number(process.env.ROUNDS ?? 6);
const CPU = Number(process.env.CPU ?? 1);
const TARGET_MS = 100;
const PROFILE = process.env.PROFILE === "1";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/** Self time per function (ms) from a CDP CPU profile, largest first. */
function topSelf(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }, n: number): string[] {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = byId.get(id)?.callFrame;
    const key = f ? `${f.functionName || "(anonymous)"} ${f.url.split("/").pop() ?? ""}:${f.lineNumber}` : "?";
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, ms]) => `${ms.toFixed(1).padStart(7)} ms  ${k}`);
}

async function taskMs(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send("Performance.getMetrics")) as { metrics: { name: string; value: number }[] };
  return (metrics.find((m) => m.name === "TaskDuration")?.value ?? 0) * 1000;
}

/** Resolves once no request has been in flight for `quietMs` and two frames have been drawn. */
async function settled(page: Page, inflight: { n: number; last: number }, quietMs = 300, maxMs = 20_000): Promise<void> {
  const end = Date.now() + maxMs;
  while (Date.now() < end) {
    if (inflight.n === 0 && Date.now() - inflight.last >= quietMs) break;
    await page.waitForTimeout(50);
  }
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

interface Sample {
  commit: number;
  main: number;
  wall: number;
}

async function measure(page: Page, cdp: CDPSession, inflight: { n: number; last: number }, act: () => Promise<void>): Promise<Sample> {
  await page.evaluate(() => performance.clearMeasures("twinops:view-commit"));
  const t0 = await taskMs(cdp);
  const w0 = Date.now();
  await act();
  // The click's own request starts a beat later: make sure we do not read "quiet" before it.
  inflight.last = Date.now();
  await settled(page, inflight);
  const wall = Date.now() - w0;
  const main = (await taskMs(cdp)) - t0;
  const commit = await page.evaluate(() => {
    const m = performance.getEntriesByName("twinops:view-commit", "measure");
    return m.length ? m[m.length - 1]!.duration : Number.NaN;
  });
  return { commit, main, wall };
}

async function main(): Promise<void> {
  const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium" });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  // Department pages need a signed-in person (TWINOPS_ADMIN_PASSWORD: the server's admin password).
  const session = await signInAdmin(BASE_URL);
  await page.context().addCookies([{ name: session.name, value: session.value, url: BASE_URL }]);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  if (CPU > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU });
  const inflight = { n: 0, last: Date.now() };
  page.on("request", () => {
    inflight.n++;
    inflight.last = Date.now();
  });
  const done = () => {
    inflight.n = Math.max(0, inflight.n - 1);
    inflight.last = Date.now();
  };
  page.on("requestfinished", done);
  page.on("requestfailed", done);
  // The live event stream never finishes: do not count it.
  page.on("request", (r) => {
    if (r.url().includes("/events")) done();
  });

  await page.goto(`${BASE_URL}${PAGE}`, { waitUntil: "load" });
  await page.waitForSelector('[data-map-loaded="true"]', { timeout: 60_000 });
  await settled(page, inflight, 1000);

  const districts = await page.$$eval('[data-testid="district-filter"] option', (os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
  const pair = [districts[0] ?? "futian", districts[1] ?? "nanshan"];
  const ranges = ["7d", "24h"];
  const samples = { district: [] as Sample[], range: [] as Sample[], idle: [] as Sample[] };
  for (let i = 0; i < ROUNDS; i++) {
    samples.district.push(
      await measure(page, cdp, inflight, () => page.selectOption('[data-testid="district-filter"] select', pair[i % 2]!).then(() => undefined)),
    );
    samples.range.push(await measure(page, cdp, inflight, () => page.click(`[data-testid="range-${ranges[i % 2]}"]`)));
    // Baseline: the page alone for as long as the median interaction took.
    const idleWall = median([...samples.district, ...samples.range].map((s) => s.wall));
    samples.idle.push(await measure(page, cdp, inflight, () => page.waitForTimeout(Math.max(0, idleWall - 350))));
  }
  if (PROFILE) {
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
    await cdp.send("Profiler.start");
    await measure(page, cdp, inflight, () => page.selectOption('[data-testid="district-filter"] select', pair[ROUNDS % 2]!).then(() => undefined));
    const { profile } = (await cdp.send("Profiler.stop")) as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
    console.log("self time during one district change:");
    for (const l of topSelf(profile, 25)) console.log(l);
  }
  await browser.close();

  const base = median(samples.idle.map((s) => s.main));
  const line = (name: string, xs: Sample[]) => {
    const main = median(xs.map((s) => s.main));
    const commit = median(xs.map((s) => s.commit));
    const wall = median(xs.map((s) => s.wall));
    const verdict = main <= TARGET_MS ? "ok" : "OVER";
    console.log(
      `${name.padEnd(16)} main thread p50 ${main.toFixed(0).padStart(4)} ms (max ${Math.max(...xs.map((s) => s.main)).toFixed(0)}; idle baseline ${base.toFixed(0)} ms, ×${(main / Math.max(base, 1)).toFixed(1)})  commit p50 ${commit.toFixed(1)} ms  settled in ${wall.toFixed(0)} ms  [target ≤ ${TARGET_MS} ms: ${verdict}]`,
    );
  };
  console.log(`${PAGE} at 1440×900, ${ROUNDS} rounds, CPU throttling ×${CPU}, ${BASE_URL}`);
  line("district change", samples.district);
  line("range change", samples.range);
  line("idle (baseline)", samples.idle);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
