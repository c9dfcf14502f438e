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
  it("gives every stream a plausible range with min below max", () => {
    for (const specs of Object.values(DATASTREAM_SPECS)) {
      for (const s of specs) expect(s.plausible[0], s.property).toBeLessThan(s.plausible[1]);
    }
  });

  // Ingest refuses values outside the range, and the simulator writes through ingest: a range
  // narrower than what it simulates would leave silent gaps.
  it.each(["shenzhen", "demo-harbour"])("holds everything the %s simulator produces in a summer day and a winter day", (city) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twinops-ranges-"));
    try {
      for (const [i, start] of ["2026-07-15T10:00:00+08:00", "2026-01-15T10:00:00+08:00"].entries()) {
        const file = path.join(dir, `${i}.db`);
        createEmbeddedTwin({ dbPath: file, city, seed: 42, backfillDays: 1, historyDays: 0, tickSeconds: 0, clock: manualClock(new Date(start)) }).close();
        const db = new Database(file, { readonly: true });
        const rows = db
          .prepare(
            `SELECT a.type, d.property, min(o.v) AS lo, max(o.v) AS hi FROM observations o
             JOIN datastreams d ON d.idx = o.ds JOIN assets a ON a.idx = d.asset_idx GROUP BY a.type, d.property`,
          )
          .all() as { type: AssetType; property: string; lo: number; hi: number }[];
        db.close();
        expect(rows.length).toBeGreaterThan(15);
        for (const r of rows) {
          const [min, max] = DATASTREAM_SPECS[r.type].find((s) => s.property === r.property)!.plausible;
          expect(r.lo, `${r.type}.${r.property}`).toBeGreaterThanOrEqual(min);
          expect(r.hi, `${r.type}.${r.property}`).toBeLessThanOrEqual(max);
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
