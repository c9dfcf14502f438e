/**
 * One contract, two stores: the embedded SQLite store (TwinStore, with TwinEngine.writeRows keeping
 * its rollups, as the running twin does) and the PostgreSQL store (PgTwinStore) go through the same
 * scenarios on the same city (demo-harbour) and must agree, rollups included.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateInventory } from "@/lib/city/inventory";
import { loadCityPack } from "@/lib/city/pack";
import { NewerSchemaError } from "@/lib/store/migrate";
import { dropSchema, freshSchemaName, testPgUrl } from "@/test/pg";
import { TwinEngine } from "../engine";
import { METRICS } from "../metrics";
import { PgTwinStore, type ObservationRow, type RollupRow } from "./pg/store";
import { TwinStore } from "./store";

const pack = loadCityPack("demo-harbour");
const inventory = generateInventory(pack);
const SEED = 7;
const DAY = 86400;
/** 2026-02-28 00:00 UTC: day 0 is the last of a month, day 1 the first of the next. */
const T0 = Date.UTC(2026, 1, 28) / 1000;
const DS = inventory.datastreams.length;
/** Hours of each of the two days that get rows (enough to cross slots, cheap enough for every run). */
const SPAN = 8 * 3600;

/** The operations both stores answer, as the contract sees them. */
interface ContractStore {
  name: string;
  ingest(rows: readonly ObservationRow[]): Promise<boolean[]>;
  latest(ds: readonly number[]): Promise<ObservationRow[]>;
  observations(ds: number, from: number, to: number, limit: number): Promise<{ t: number; v: number }[]>;
  rollupRange(metric: number, district: number, from: number, to: number): Promise<RollupRow[]>;
  pruneBefore(t: number): Promise<void>;
  close(): Promise<void>;
}

function sqliteStore(): ContractStore {
  const store = new TwinStore(":memory:");
  store.seed(pack, inventory, SEED);
  const engine = new TwinEngine(store, pack, inventory, SEED);
  return {
    name: "sqlite",
    ingest: async (rows) =>
      engine.writeRows(
        rows.map((r) => r.ds - 1),
        rows.map((r) => r.t),
        rows.map((r) => r.v),
        false,
      ),
    latest: async (ds) =>
      ds.flatMap((d) => {
        const r = store.latestObservation(d, 2 ** 40);
        return r ? [{ ds: d, t: r.t, v: r.v }] : [];
      }),
    observations: async (ds, from, to, limit) => store.observations(ds, from, to, limit),
    rollupRange: async (m, d, from, to) => store.rollups(m, d, from, to),
    pruneBefore: async (t) => store.pruneBefore(DS, METRICS.length, pack.districts.length, t),
    close: async () => store.close(),
  };
}

async function pgStore(url: string, schema: string): Promise<ContractStore> {
  const store = await PgTwinStore.open(url, { schema, now: T0 });
  await store.seed(pack, inventory, SEED);
  return {
    name: "postgres",
    ingest: (rows) => store.ingest(rows),
    latest: (ds) => store.latest(ds),
    observations: (ds, from, to, limit) => store.observations(ds, from, to, limit),
    rollupRange: (m, d, from, to) => store.rollupRange(m, d, from, to),
    pruneBefore: async (t) => void (await store.pruneBefore(t)),
    close: () => store.close(),
  };
}

/** A deterministic reading in 0..200 (spans the countAbove thresholds: 90 % loading, 150 µg/m³). */
const value = (ds: number, t: number) => ((ds * 7919 + (t / 60) * 31) % 2000) / 10;

/** Every stream at its cadence over [from, to), leaving out the slots `skip` says. */
function grid(from: number, to: number, skip: (ds: number, t: number) => boolean = () => false): ObservationRow[] {
  const rows: ObservationRow[] = [];
  inventory.datastreams.forEach((d, i) => {
    for (let t = from; t < to; t += d.cadenceSeconds) if (!skip(i + 1, t)) rows.push({ ds: i + 1, t, v: value(i + 1, t) });
  });
  return rows;
}

/** Leaves a gap at 06:00 on day 0 for every third stream, for late rows to fill. */
const GAP = T0 + 6 * 3600;
const gapped = (ds: number, t: number) => ds % 3 === 0 && t === GAP;

/** Late rows and corrections: a second reading in a filled slot (newer and older), a late row into the gap, repeats. */
function lateRows(): ObservationRow[] {
  const rows: ObservationRow[] = [];
  for (let ds = 1; ds <= DS; ds++) {
    const cad = inventory.datastreams[ds - 1]!.cadenceSeconds;
    rows.push({ ds, t: T0 + 3600 + 60, v: value(ds, T0) + 1 }); // newer reading in a filled slot: replaces it
    rows.push({ ds, t: T0 + DAY + SPAN - cad + 30, v: 150 }); // after the newest: the front moves
    if (ds % 3 === 0) rows.push({ ds, t: GAP + 10, v: 99 }, { ds, t: GAP, v: 42 }); // two late rows into an empty slot
    rows.push({ ds, t: T0, v: -1 }); // a repeat: ignored
  }
  return rows;
}

function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function ingestInBatches(s: ContractStore, rows: readonly ObservationRow[], size: number): Promise<number> {
  let fresh = 0;
  for (let k = 0; k < rows.length; k += size) fresh += (await s.ingest(rows.slice(k, k + size))).filter(Boolean).length;
  return fresh;
}

async function allRollups(s: ContractStore): Promise<Map<string, RollupRow[]>> {
  const out = new Map<string, RollupRow[]>();
  for (let m = 0; m < METRICS.length; m++)
    for (let d = 0; d <= pack.districts.length; d++) out.set(`${m}:${d}`, await s.rollupRange(m, d, T0 - DAY, T0 + 3 * DAY));
  return out;
}

function expectSameRollups(a: Map<string, RollupRow[]>, b: Map<string, RollupRow[]>): void {
  let rows = 0;
  for (const [k, ra] of a) {
    const rb = b.get(k) ?? [];
    expect(
      rb.map((r) => r.t),
      k,
    ).toEqual(ra.map((r) => r.t));
    ra.forEach((r, i) => {
      expect(rb[i]!.sum, `${k} @${r.t} sum`).toBeCloseTo(r.sum, 6);
      expect(rb[i]!.n, `${k} @${r.t} n`).toBeCloseTo(r.n, 6);
    });
    rows += ra.length;
  }
  expect(rows).toBeGreaterThan(1000);
}

const url = testPgUrl();
const day0 = grid(T0, T0 + SPAN, gapped);
const day1 = grid(T0 + DAY, T0 + DAY + SPAN);

describe.skipIf(!url)("twin store contract: SQLite and PostgreSQL", () => {
  const schema = freshSchemaName("contract");
  let stores: ContractStore[] = [];

  beforeAll(async () => {
    stores = [sqliteStore(), await pgStore(url!, schema)];
  });
  afterAll(async () => {
    for (const s of stores) await s.close();
    await dropSchema(url!, schema);
  });

  it("ingest is idempotent on (ds, t) and says which rows were new", async () => {
    for (const s of stores) {
      const fresh = await s.ingest([
        ...day0.slice(0, 3),
        day0[0]!, // a repeat inside the batch
      ]);
      expect(fresh, s.name).toEqual([true, true, true, false]);
      expect(await ingestInBatches(s, shuffled(day0, 1), 5000), s.name).toBe(day0.length - 3);
      expect(await ingestInBatches(s, day0.slice(0, 2000), 2000), s.name).toBe(0);
      expect(await ingestInBatches(s, day1, 20000), s.name).toBe(day1.length);
    }
  });

  it("answers latest and observation ranges alike", async () => {
    const ds = Array.from({ length: DS }, (_, i) => i + 1);
    const [a, b] = await Promise.all(stores.map((s) => s.latest(ds)));
    expect(a!.length).toBe(DS);
    expect(b).toEqual(a);
    const last = inventory.datastreams[0]!.cadenceSeconds;
    expect(a![0]).toEqual({ ds: 1, t: T0 + DAY + SPAN - last, v: value(1, T0 + DAY + SPAN - last) });
    for (const d of [1, 3, DS]) {
      const [ra, rb] = await Promise.all(stores.map((s) => s.observations(d, T0 + 3600, T0 + DAY + 3600, 100_000)));
      expect(rb, `ds ${d}`).toEqual(ra);
      expect(ra!.length).toBeGreaterThan(0);
      expect(ra!.every((r) => r.t >= T0 + 3600 && r.t < T0 + DAY + 3600)).toBe(true);
      const limited = await stores[1]!.observations(d, T0, T0 + 2 * DAY, 5);
      expect(limited).toEqual(await stores[0]!.observations(d, T0, T0 + 2 * DAY, 5));
      expect(limited.map((r) => r.t)).toEqual([...limited.map((r) => r.t)].sort((x, y) => x - y));
    }
  });

  it("keeps the same rollups, after in-order rows and after late rows and corrections", async () => {
    expectSameRollups(await allRollups(stores[0]!), await allRollups(stores[1]!));
    const late = lateRows();
    const fresh = await Promise.all(stores.map((s) => ingestInBatches(s, late, 400)));
    expect(fresh[1]).toBe(fresh[0]);
    expect(fresh[0]).toBe(late.length - DS); // every row but the repeats
    expectSameRollups(await allRollups(stores[0]!), await allRollups(stores[1]!));
    // The city row is the sum of its districts.
    const pg = await allRollups(stores[1]!);
    const city = pg.get("0:0")!;
    const parts = Array.from({ length: pack.districts.length }, (_, d) => pg.get(`0:${d + 1}`)!);
    for (const r of city.slice(0, 20)) {
      const sum = parts.reduce((acc, p) => acc + (p.find((x) => x.t === r.t)?.sum ?? 0), 0);
      expect(r.sum).toBeCloseTo(sum, 6);
    }
  });

  it("retention drops whole older days (and months of rollups) and keeps newer data", async () => {
    const cut = T0 + DAY; // 2026-03-01 00:00 UTC: the end of day 0 and of February
    for (const s of stores) await s.pruneBefore(cut);
    for (const s of stores) {
      expect(await s.observations(1, T0, cut, 10), s.name).toEqual([]);
      expect((await s.observations(1, cut, cut + DAY, 1000)).length, s.name).toBe(SPAN / inventory.datastreams[0]!.cadenceSeconds + 1);
      expect(await s.rollupRange(0, 0, T0, cut), s.name).toEqual([]);
    }
    expectSameRollups(await allRollups(stores[0]!), await allRollups(stores[1]!));
    const parts = await PgTwinStore.open(url!, { schema, now: cut }).then(async (s) => {
      const names = await s.db.query<{ name: string }>(
        "SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'observations'::regclass ORDER BY 1",
      );
      await s.close();
      return names.map((n) => n.name);
    });
    expect(parts).not.toContain("observations_20260228");
    expect(parts).toContain("observations_20260301");
  });
});

describe.skipIf(!url)("twin store migrations", () => {
  const schema = freshSchemaName("twinmig");
  afterAll(() => dropSchema(url!, schema));

  it("PostgreSQL: a second open migrates nothing; a newer schema is refused", async () => {
    const a = await PgTwinStore.open(url!, { schema });
    await a.seed(pack, inventory, SEED);
    await a.ingest([{ ds: 1, t: T0, v: 1 }]);
    const b = await PgTwinStore.open(url!, { schema });
    expect(await b.db.query("SELECT version FROM schema_migrations ORDER BY version")).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }]);
    expect(await b.latest([1])).toEqual([{ ds: 1, t: T0, v: 1 }]);
    expect(await b.matches(pack.id, SEED)).toBe(true);
    await b.db.query("INSERT INTO schema_migrations VALUES (99, 'from the future', 0)");
    await expect(PgTwinStore.open(url!, { schema })).rejects.toBeInstanceOf(NewerSchemaError);
    await Promise.all([a.close(), b.close()]);
  });

  it("SQLite: the same", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twinops-contract-"));
    const file = path.join(dir, "twin.db");
    try {
      const a = new TwinStore(file);
      a.close();
      const b = new TwinStore(file);
      expect(b.db.prepare("SELECT version FROM schema_migrations").all()).toEqual([{ version: 1 }]);
      b.db.prepare("INSERT INTO schema_migrations VALUES (99, 'from the future', 0)").run();
      b.close();
      expect(() => new TwinStore(file)).toThrow(NewerSchemaError);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
