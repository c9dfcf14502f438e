/**
 * PostgreSQL-only behaviour: two store instances (two app instances) ingesting overlapping
 * batches of the same streams at once end with the rollups and latest values of one writer that
 * saw every row (the SQLite engine, as reference), and with each row counted new exactly once.
 */
import { afterAll, describe, expect, it } from "vitest";
import { generateInventory } from "@/lib/city/inventory";
import { loadCityPack } from "@/lib/city/pack";
import { dropSchema, freshSchemaName, testPgUrl } from "@/test/pg";
import { TwinEngine } from "../../engine";
import { METRICS } from "../../metrics";
import { TwinStore } from "../store";
import { PgTwinStore, type ObservationRow } from "./store";

const pack = loadCityPack("demo-harbour");
const inventory = generateInventory(pack);
const T0 = Date.UTC(2026, 4, 4) / 1000;
const url = testPgUrl();

/** Every stream at its cadence for 3 hours, plus a second (newer) reading in every third slot. */
function rows(): ObservationRow[] {
  const out: ObservationRow[] = [];
  inventory.datastreams.forEach((d, i) => {
    for (let t = T0; t < T0 + 3 * 3600; t += d.cadenceSeconds) {
      out.push({ ds: i + 1, t, v: ((i * 31 + t / 60) % 180) + 1 });
      if ((t / d.cadenceSeconds + i) % 3 === 0) out.push({ ds: i + 1, t: t + 45, v: ((i * 17 + t / 60) % 170) + 2 });
    }
  });
  return out;
}

function shuffle<T>(xs: T[], seed: number): T[] {
  let s = seed;
  for (let i = xs.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

describe.skipIf(!url)("PgTwinStore with two writers", () => {
  const schema = freshSchemaName("writers");
  afterAll(() => dropSchema(url!, schema));

  it("overlapping concurrent ingest keeps the rollups and latest values of a single writer", async () => {
    const a = await PgTwinStore.open(url!, { schema, now: T0 });
    await a.seed(pack, inventory, 1);
    const b = await PgTwinStore.open(url!, { schema, now: T0 });
    const all = rows();
    // Each writer gets two thirds of the rows; a third reaches both. Order within each: shuffled.
    const mine = (k: number, who: number) => k % 3 !== who;
    const sets = [0, 1].map((who) =>
      shuffle(
        all.filter((_, k) => mine(k, who)),
        11 + who,
      ),
    );
    const counts = await Promise.all(
      [a, b].map(async (store, w) => {
        let fresh = 0;
        const set = sets[w]!;
        for (let k = 0; k < set.length; k += 700) fresh += (await store.ingest(set.slice(k, k + 700))).filter(Boolean).length;
        return fresh;
      }),
    );
    expect(counts[0]! + counts[1]!).toBe(all.length);

    const ref = new TwinStore(":memory:");
    ref.seed(pack, inventory, 1);
    const engine = new TwinEngine(ref, pack, inventory, 1);
    engine.writeRows(
      all.map((r) => r.ds - 1),
      all.map((r) => r.t),
      all.map((r) => r.v),
      false,
    );
    let compared = 0;
    for (let m = 0; m < METRICS.length; m++) {
      for (let d = 0; d <= pack.districts.length; d++) {
        const want = ref.rollups(m, d, T0, T0 + 86400);
        const got = await b.rollupRange(m, d, T0, T0 + 86400);
        expect(
          got.map((r) => r.t),
          `${m}:${d}`,
        ).toEqual(want.map((r) => r.t));
        got.forEach((r, i) => {
          expect(r.sum, `${m}:${d}@${r.t}`).toBeCloseTo(want[i]!.sum, 6);
          expect(r.n, `${m}:${d}@${r.t}`).toBeCloseTo(want[i]!.n, 6);
        });
        compared += got.length;
      }
    }
    expect(compared).toBeGreaterThan(500);
    const ds = inventory.datastreams.map((_, i) => i + 1);
    expect(await a.latest(ds)).toEqual(ds.map((d) => ({ ds: d, ...ref.latestObservation(d, T0 + 86400)! })));
    ref.close();
    await Promise.all([a.close(), b.close()]);
  });
});

describe.skipIf(!url)("PgTwinStore upkeep of finished days", () => {
  const schema = freshSchemaName("vacuum");
  afterAll(() => dropSchema(url!, schema));

  it("vacuums finished days once, after which a stream's readings come from the key alone", async () => {
    const s = await PgTwinStore.open(url!, { schema, now: T0 });
    try {
      await s.seed(pack, inventory, 1);
      const day = Math.floor(T0 / 86400);
      await s.ingest(rows());
      // Statistics reach the server's counters at the end of the statement's transaction.
      await expect.poll(() => s.vacuumDays(day + 1), { timeout: 5000 }).toEqual([`observations_${new Date(T0 * 1000).toISOString().slice(0, 10).replace(/-/g, "")}`]);
      expect(await s.vacuumDays(day + 1)).toEqual([]);
      expect(await s.vacuumDays(day)).toEqual([]); // the day itself is not finished before `day + 1`
      // A tiny table would be read whole; the plan for a big day is the one asked about.
      const plan = await s.db.transaction(async (tx) => {
        await tx.query("SET LOCAL enable_seqscan = off");
        await tx.query("SET LOCAL enable_bitmapscan = off");
        return tx.query<{ "QUERY PLAN": string }>(
          "EXPLAIN (ANALYZE, COSTS OFF) SELECT t, v FROM observations WHERE ds = 3 AND t >= $1 AND t < $2 ORDER BY t",
          [T0, T0 + 3 * 3600],
        );
      });
      const text = plan.map((r) => r["QUERY PLAN"]).join("\n");
      expect(text).toMatch(/Index Only Scan/);
      expect(text).toMatch(/Heap Fetches: 0/);
    } finally {
      await s.close();
    }
  });
});
