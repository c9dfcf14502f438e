import { afterEach, describe, expect, it } from "vitest";
import { TwinEngine } from "./engine";
import { METRICS } from "./metrics";
import { TwinStore } from "./store/store";
import { fixtureInventory, fixturePack, SMALL_COUNTS } from "./testing/fixture";

const NOW = Date.parse("2026-07-15T12:00:00+08:00") / 1000;
const pack = fixturePack();
const open: TwinStore[] = [];
// Enough datastreams for several of the fill's 400-stream blocks: each block's sums are flushed
// on their own, so identical rows need identical blocks, not just the same values.
const COUNTS = Object.fromEntries(Object.entries(SMALL_COUNTS).map(([k, v]) => [k, v * 4]));

/** A fresh in-memory store and engine, as the embedded twin sets them up (fast cadence 5 s). */
function engine(district?: string): TwinEngine {
  const store = new TwinStore(":memory:");
  open.push(store);
  const base = fixtureInventory(pack, COUNTS);
  // An imported inventory may place assets in no district the pack knows.
  const inv = district === undefined ? base : { ...base, assets: base.assets.map((a) => ({ ...a, district })) };
  const e = new TwinEngine(store, pack, inv, 42, 5);
  store.seed(pack, { assets: inv.assets, datastreams: e.datastreams }, 42);
  return e;
}

type RollupRow = [metric: number, district: number, t: number, sum: number, n: number];
const rollups = (e: TwinEngine, through = Infinity): RollupRow[] =>
  e.store.db
    .prepare("SELECT metric, district, t, sum, n FROM rollups WHERE t <= ? ORDER BY metric, district, t")
    .raw(true)
    .all(Number.isFinite(through) ? through : Number.MAX_SAFE_INTEGER) as RollupRow[];
const count = (e: TwinEngine, table: string) =>
  (e.store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

/** Rollups-only fill of (from, to] in chunks of `chunk` seconds, newest first, like the history job. */
function historyFill(e: TwinEngine, from: number, to: number, chunk: number): number {
  let rows = 0;
  for (let hi = to; hi > from; hi -= chunk) rows += e.fill(Math.max(from, hi - chunk), hi, { live: false, rollupsOnly: true }).rows;
  return rows;
}

afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

describe("TwinEngine rollups", () => {
  it("count an asset in no known district once in the city row (not twice)", () => {
    const from = NOW - 3 * 3600;
    const known = engine();
    const unknown = engine("atlantis");
    known.fill(from, NOW, { live: false });
    unknown.fill(from, NOW, { live: false });
    // City rows of the metrics that assets' streams feed (the forecast is modelled per district).
    const city = (e: TwinEngine) => rollups(e, NOW).filter((r) => r[1] === 0 && METRICS[r[0]]?.assetType);
    expect(city(unknown).length).toBeGreaterThan(0);
    expect(city(unknown)).toEqual(city(known));
  });
});

describe("TwinEngine rollups-only fill", () => {
  it("writes the same rollup rows as the raw fill, for every metric and district, and nothing else", () => {
    const from = NOW - 2 * 86400;
    const raw = engine();
    const hist = engine();
    const rawStats = raw.fill(from, NOW, { live: false });
    // Odd chunk edges (not on any slot grid) must not matter: every row comes out identical.
    const values = historyFill(hist, from, NOW, 7 * 3600 + 1013);

    const expected = rollups(raw, NOW);
    expect(rollups(hist, NOW)).toEqual(expected);
    // It simulates exactly the streams that feed a metric, no others.
    const feeding = raw.store.db
      .prepare(
        `SELECT count(*) AS n FROM observations o JOIN datastreams d ON d.idx = o.ds JOIN assets a ON a.idx = d.asset_idx
         WHERE a.type || ':' || d.property IN (${METRICS.filter((m) => m.assetType).map(() => "?").join(",")})`,
      )
      .get(...METRICS.flatMap((m) => (m.assetType ? [`${m.assetType}:${m.property}`] : []))) as { n: number };
    expect(values).toBe(feeding.n);
    expect(values).toBeLessThan(rawStats.rows);
    // Every metric (the forecast included) and every district plus the city has rows.
    expect(raw.datastreams.length).toBeGreaterThan(800);
    const cells = new Set(expected.map(([m, d]) => `${m}:${d}`));
    expect(cells.size).toBe(METRICS.length * (pack.districts.length + 1));

    // No raw rows, latest values, alerts or asset statuses: only rollups.
    expect(count(raw, "observations")).toBe(rawStats.rows);
    expect(count(hist, "observations")).toBe(0);
    expect(count(hist, "alerts")).toBe(0);
    expect(hist.latestT.every(Number.isNaN)).toBe(true);
    expect(hist.forecastThrough).toBe(0);
    expect(hist.store.db.prepare("SELECT count(*) AS n FROM assets WHERE status != 'normal'").get()).toEqual({ n: 0 });
  });

  it("joins a raw window seamlessly: history + raw backfill == one raw backfill of the whole span", () => {
    // Unaligned edges, as a real start-up has (now minus whole days, at any second).
    const now = NOW + 137;
    const rawFrom = now - 86400;
    const historyFrom = now - 3 * 86400;
    const full = engine();
    full.fill(historyFrom, now, { live: false });
    const split = engine();
    split.fill(rawFrom, now, { live: false });
    historyFill(split, historyFrom, rawFrom, 86400);
    expect(rollups(split)).toEqual(rollups(full));
  });
});
