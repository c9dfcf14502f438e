import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { manualClock } from "@/lib/twin/simulator/clock";
import { createEmbeddedTwin } from "@/lib/twin/sources/embedded";
import type { AssetType } from "@/lib/twin/types";
import { DATASTREAM_SPECS } from "./datastreams";

describe("datastream table", () => {
  // Ingest refuses values outside the range or changing faster than the rate, and the simulator
  // writes through ingest: a limit tighter than what it simulates would leave silent gaps.
  it("gives every stream a plausible range with min below max", () => {
    for (const specs of Object.values(DATASTREAM_SPECS)) {
      for (const s of specs) {
        expect(s.plausible[0], s.property).toBeLessThan(s.plausible[1]);
        expect(s.maxRatePerHour, s.property).toBeGreaterThan(0);
      }
    }
  });

  it.each(["shenzhen", "demo-harbour"])("holds everything the %s simulator produces in a summer day and a winter day, values and rates", (city) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twinops-ranges-"));
    try {
      for (const [i, start] of ["2026-07-15T10:00:00+08:00", "2026-01-15T10:00:00+08:00"].entries()) {
        const file = path.join(dir, `${i}.db`);
        createEmbeddedTwin({ dbPath: file, city, seed: 42, backfillDays: 1, historyDays: 0, tickSeconds: 0, clock: manualClock(new Date(start)) }).close();
        const db = new Database(file, { readonly: true });
        const streams = db
          .prepare("SELECT d.idx, a.type, d.property, d.cadence FROM datastreams d JOIN assets a ON a.idx = d.asset_idx")
          .all() as { idx: number; type: AssetType; property: string; cadence: number }[];
        const byIdx = new Map(streams.map((d) => [d.idx, d]));
        const seen = new Map<string, { type: AssetType; property: string; lo: number; hi: number; rate: number }>();
        // Rows in key order (stream, time): the steepest change between a stream's consecutive
        // rows, per hour over at least a cadence, is what ingest's rate-of-change check measures.
        // Rates on the summer day only (the busier one): a pass over every row costs ~10 s here.
        let prev: [number, number, number] | null = null;
        const sql =
          i === 0
            ? "SELECT ds, t, v FROM observations ORDER BY ds, t"
            : "SELECT ds, 0, min(v) FROM observations GROUP BY ds UNION ALL SELECT ds, 0, max(v) FROM observations GROUP BY ds";
        for (const [ds, t, v] of db.prepare(sql).raw(true).iterate() as Iterable<[number, number, number]>) {
          const d = byIdx.get(ds)!;
          const key = `${d.type}.${d.property}`;
          const r = seen.get(key) ?? { type: d.type, property: d.property, lo: v, hi: v, rate: 0 };
          r.lo = Math.min(r.lo, v);
          r.hi = Math.max(r.hi, v);
          if (i === 0 && prev && prev[0] === ds) r.rate = Math.max(r.rate, (Math.abs(v - prev[2]) * 3600) / Math.max(t - prev[1], d.cadence));
          seen.set(key, r);
          prev = [ds, t, v];
        }
        const rows = [...seen.values()];
        db.close();
        expect(rows.length).toBeGreaterThan(15);
        for (const r of rows) {
          const spec = DATASTREAM_SPECS[r.type].find((s) => s.property === r.property)!;
          const [min, max] = spec.plausible;
          expect(r.lo, `${r.type}.${r.property}`).toBeGreaterThanOrEqual(min);
          expect(r.hi, `${r.type}.${r.property}`).toBeLessThanOrEqual(max);
          expect(r.rate, `${r.type}.${r.property} per hour`).toBeLessThanOrEqual(spec.maxRatePerHour);
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
