/**
 * ECharts' canvas renderer (what the app uses) against its SVG renderer, in Debian's Chromium:
 * main-thread time to create a department chart and draw it (init + setOption + flush, one task)
 * plus the browser's rendering of that frame (style, layout, paint: what an SVG chart leaves to
 * the browser), median of RUNS charts each, for the two shapes department pages draw.
 *
 *   npx tsx bench/chart-renderer.ts          RUNS=15 (default)
 *
 * The options come from the app's own builders (trendOption, barsOption) with a day of 5-minute
 * data (288 points × 3 series, a warning line, the peak dot) and 10 district bars with two marks,
 * at a department panel's size (460 × 200 CSS px, device pixel ratio 1 and 2). Functions in the
 * options (tooltip and label formatters) cannot cross into the page and are left out; they do
 * not run at first draw. ECharts is the full build from node_modules (both renderers); nothing
 * is fetched from any host. Baseline: canvas, in the same run; the ratio column is svg ÷ canvas.
 */
import { chromium } from "@playwright/test";
import path from "node:path";
import { barsOption } from "@/components/charts/options/bars";
import { trendOption } from "@/components/charts/options/trend";
import { chartTheme } from "@/components/charts/theme";
import type { BarsFrame, TrendFrame } from "@/lib/views/department/frames";
import { helpAndExit } from "./usage";

helpAndExit(__filename);

const RUNS = Number(process.env.RUNS ?? 15);
const L = (en: string) => ({ en, zh: en });

function trendFrame(): TrendFrame {
  const start = Date.parse("2026-07-14T16:00:00Z");
  const t = Array.from({ length: 288 }, (_, i) => new Date(start + i * 300_000).toISOString());
  const wave = (phase: number, k: number) => t.map((_, i) => Math.round(15_000 + 6_000 * Math.sin((i / 288) * 2 * Math.PI + phase) * k));
  return {
    kind: "trend",
    unit: "MW",
    timezone: "Asia/Shanghai",
    t,
    series: [
      { id: "load", name: L("Actual"), values: wave(0, 1), role: "actual" },
      { id: "forecast", name: L("Forecast"), values: wave(0.1, 0.95), role: "forecast" },
      { id: "compare", name: L("Last week"), values: wave(-0.2, 0.9), role: "compare" },
    ],
    marks: [{ level: "warning", value: 20_000, label: L("Warning") }],
    peak: 72,
  };
}

function barsFrame(): BarsFrame {
  return {
    kind: "bars",
    unit: "%",
    percent: true,
    bars: Array.from({ length: 10 }, (_, i) => ({ id: `d${i}`, name: L(`District ${i + 1}`), value: 50 + ((i * 37) % 50) })),
    marks: [
      { level: "warning", value: 85, label: L("Warning") },
      { level: "critical", value: 95, label: L("Critical") },
    ],
  };
}

/** The option as plain data (functions dropped: they cannot cross into the page). */
const plain = (o: unknown): unknown => JSON.parse(JSON.stringify(o));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function main(): Promise<void> {
  const theme = chartTheme("dark");
  const options = {
    "trend 288×3": plain(trendOption(trendFrame(), theme, "en", "Load")),
    "bars 10": plain(barsOption(barsFrame(), theme, "en", "Beds")),
  };
  const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium" });
  const rows: Record<string, string>[] = [];
  try {
    for (const dpr of [1, 2]) {
      const page = await browser.newPage({ viewport: { width: 1200, height: 800 }, deviceScaleFactor: dpr });
      await page.setContent("<!doctype html><body></body>");
      await page.addScriptTag({ path: path.join(process.cwd(), "node_modules/echarts/dist/echarts.min.js") });
      for (const [name, option] of Object.entries(options)) {
        const ms: Record<string, number[]> = { canvas: [], svg: [] };
        // Alternating renderers, so a busy moment of the machine lands on both alike.
        for (let i = 0; i < RUNS; i++) {
          for (const renderer of ["canvas", "svg"] as const) {
            ms[renderer]!.push(
              await page.evaluate(
                async ({ option, renderer }) => {
                  type Chart = { setOption: (o: unknown) => void; getZr: () => { flush: () => void }; dispose: () => void };
                  const ec = (globalThis as unknown as { echarts: { init: (el: HTMLElement, theme: null, opts: object) => Chart } }).echarts;
                  const el = document.createElement("div");
                  el.style.cssText = "width:460px;height:200px";
                  document.body.append(el);
                  const t0 = performance.now();
                  const chart = ec.init(el, null, { renderer });
                  chart.setOption(option);
                  chart.getZr().flush();
                  const script = performance.now() - t0;
                  // The frame that shows it: from its animation-frame callback to the first task
                  // after it (the browser's style, layout and paint ran in between).
                  const frame = await new Promise<number>((done) =>
                    requestAnimationFrame(() => {
                      const f0 = performance.now();
                      setTimeout(() => done(performance.now() - f0), 0);
                    }),
                  );
                  const dt = script + frame;
                  chart.dispose();
                  el.remove();
                  return dt;
                },
                { option, renderer },
              ),
            );
          }
        }
        const canvas = median(ms.canvas!);
        const svg = median(ms.svg!);
        rows.push({ chart: name, dpr: String(dpr), "canvas ms": canvas.toFixed(1), "svg ms": svg.toFixed(1), "svg ÷ canvas": (svg / canvas).toFixed(2) });
      }
      await page.close();
    }
  } finally {
    await browser.close();
  }
  console.log(`ECharts first draw, median of ${RUNS} charts each (init + setOption + flush, then the frame's style, layout and paint; main thread)`);
  console.table(rows);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
