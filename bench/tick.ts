/**
 * Slot tick at city scale: how long the embedded twin's live tick holds the event loop, at scale 1
 * and at TWINOPS_INVENTORY_SCALE-like scales, for the synchronous `tick()` (the baseline, same
 * run: its duration is the lag every request waiting behind it sees) and for `tickInTurns()`, what
 * the server's timer runs (parts of 2,000 rows with a turn of the loop between them: the tick
 * takes as long, but the loop's longest block, `max loop delay` from `monitorEventLoopDelay`, is
 * one part).
 *
 *   npx tsx --conditions=react-server bench/tick.ts
 *   (SCALES=1,10,30 TICKS=12 to change; the clock steps 5 s per tick, and every 60th tick of the
 *   twin clock is a 5-minute slot where every stream reports: the `slot` rows)
 *
 * Target (issue 19, item 3): no tick blocks the loop for long at scale 30 (the issue measured
 * 5–16 s on the server).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { generateInventory } from "@/lib/city/inventory";
import { loadCityPack } from "@/lib/city/pack";
import { manualClock } from "@/lib/twin/simulator/clock";
import { createEmbeddedTwin } from "@/lib/twin/sources/embedded";
import { helpAndExit } from "./usage";

helpAndExit(__filename);

const SCALES = (process.env.SCALES ?? "1,30").split(",").map(Number);
const TICKS = Number(process.env.TICKS ?? 12);

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function measure(scale: number, mode: "tick" | "turns"): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twinops-tick-"));
  // Just before a 5-minute slot, so the run holds live ticks and slot ticks.
  const clock = manualClock(new Date("2026-07-15T10:04:00Z"));
  const pack = loadCityPack("shenzhen");
  const inventory = generateInventory(pack, scale);
  const t0 = performance.now();
  const twin = createEmbeddedTwin({ dbPath: path.join(dir, "twin.db"), city: pack.id, pack, inventory, seed: 1, inventoryScale: scale, backfillDays: 0.02, tickSeconds: 0, clock });
  const openS = (performance.now() - t0) / 1000;
  const live: number[] = [];
  const slot: number[] = [];
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  for (let i = 0; i < TICKS; i++) {
    clock.advance(5);
    const isSlot = Math.floor(clock.now().getTime() / 1000) % 300 === 0;
    const s = performance.now();
    if (mode === "tick") twin.tick();
    else await twin.tickInTurns();
    (isSlot ? slot : live).push(performance.now() - s);
    // A turn of the loop between ticks, as the server's timer gives.
    await new Promise((r) => setTimeout(r, 20));
  }
  h.disable();
  twin.close();
  fs.rmSync(dir, { recursive: true, force: true });
  live.sort((a, b) => a - b);
  slot.sort((a, b) => a - b);
  return [
    String(scale),
    mode,
    String(inventory.datastreams.length),
    openS.toFixed(1),
    pct(live, 50).toFixed(0),
    pct(live, 95).toFixed(0),
    slot.length ? Math.max(...slot).toFixed(0) : "-",
    (h.max / 1e6).toFixed(0),
  ];
}

async function main() {
  console.log(`slot tick bench: scales ${SCALES.join(", ")}, ${TICKS} ticks of 5 s each`);
  const header = ["scale", "mode", "streams", "open s", "live tick p50 ms", "live tick p95 ms", "slot tick ms", "max loop delay ms"];
  const rows: string[][] = [];
  for (const s of SCALES) {
    for (const mode of ["tick", "turns"] as const) {
      rows.push(await measure(s, mode));
      console.log(rows.at(-1)!.join("  "));
    }
  }
  const widths = header.map((x, i) => Math.max(x.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join("  ");
  console.log(`\n${line(header)}\n${widths.map((w) => "-".repeat(w)).join("  ")}`);
  rows.forEach((r) => console.log(line(r)));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
