import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualClock } from "../simulator/clock";
import { timeContext } from "../simulator/local-time";
import { createSimulator } from "../simulator/simulator";
import { fixtureInventory, fixturePack } from "../testing/fixture";
import type { TwinEvent } from "../types";
import { openEmbeddedTwin, type EmbeddedTwin } from "./embedded-twin";

const START = new Date("2026-07-15T12:00:00+08:00");
const NOW = START.getTime() / 1000;
const iso = (s: number) => new Date(s * 1000).toISOString();
const at = (s: number) => new Date(s * 1000);

const pack = fixturePack();
const inv = fixtureInventory(pack);
const typeOf = new Map(inv.assets.map((a) => [a.id, a.type]));
const idsOf = (type: string, property: string) =>
  inv.datastreams.filter((d) => d.property === property && typeOf.get(d.assetId) === type).map((d) => d.id);
const LOADS = idsOf("Substation", "load");
const FEEDERS = idsOf("Feeder", "loading");

describe("fast streams: substation load ticks live every 5 s", () => {
  const clock = manualClock(START);
  let twin: EmbeddedTwin;
  const events: TwinEvent[] = [];

  beforeAll(() => {
    twin = openEmbeddedTwin(pack, fixtureInventory(pack), { dbPath: ":memory:", seed: 42, backfillDays: 1, tickSeconds: 5, clock });
    twin.subscribe((e) => events.push(e));
  });
  afterAll(() => twin.close());

  const tickBy = (seconds: number) => {
    clock.advance(seconds);
    twin.tick();
  };

  it("promises its live cadence and a matching staleness limit; slower streams keep theirs", () => {
    const sub = twin.getAsset(inv.datastreams.find((d) => d.id === LOADS[0])!.assetId)!;
    expect(sub.datastreams[0]).toMatchObject({ property: "load", cadenceSeconds: 5, staleAfterSeconds: 15 });
    const feeder = twin.getAsset(inv.datastreams.find((d) => d.id === FEEDERS[0])!.assetId)!;
    expect(feeder.datastreams.every((d) => d.cadenceSeconds === 300 && d.staleAfterSeconds === 900)).toBe(true);
  });

  it("moves latest values, the city load KPI and its as-of on every tick, and says so in a lean event", () => {
    const feederBefore = twin.latest(FEEDERS);
    for (let k = 1; k <= 3; k++) {
      events.length = 0;
      tickBy(5);
      const t = NOW + 5 * k;
      const latest = twin.latest(LOADS);
      expect(latest.map((l) => l.t)).toEqual(LOADS.map(() => iso(t)));
      expect(latest.every((l) => !l.stale)).toBe(true);
      const load = twin.kpis("energy").find((x) => x.definition.id === "energy.load")!;
      expect(load.asOf).toBe(iso(t));
      expect(load.stale).toBe(false);
      expect(load.value).toBeCloseTo(latest.reduce((s, l) => s + l.v, 0), 2);
      const obs = events.find((e) => e.type === "observation");
      expect(obs?.type === "observation" && obs.data).toMatchObject({ asOf: iso(t), count: LOADS.length, domains: ["energy"] });
      expect(events.some((e) => e.type === "kpi" && e.data.domain === "energy" && e.data.asOf === iso(t))).toBe(true);
    }
    // Slower streams only write when their slot arrives.
    expect(twin.latest(FEEDERS)).toEqual(feederBefore);
  });

  it("is a pure function of seed, stream and time: live rows equal what the simulator gives anywhere", () => {
    const sim = createSimulator(pack, inv, 42);
    const i = inv.datastreams.findIndex((d) => d.id === LOADS[1]);
    const rows = twin.observations(LOADS[1]!, at(NOW), at(NOW + 16), 100);
    expect(rows.map((r) => r.t)).toEqual([NOW, NOW + 5, NOW + 10, NOW + 15].map(iso));
    for (const r of rows) expect(r.v).toBe(sim.generators[i]!(timeContext(pack.timezone, Date.parse(r.t) / 1000)));
  });

  it("writes the 5-minute slot through the tick exactly as a backfill would", () => {
    while (clock.now().getTime() / 1000 < NOW + 600) tickBy(5);
    const other = openEmbeddedTwin(pack, fixtureInventory(pack), {
      dbPath: ":memory:",
      seed: 42,
      backfillDays: 1,
      tickSeconds: 0,
      clock: manualClock(at(NOW + 600)),
    });
    try {
      for (const t of [NOW + 300, NOW + 600]) {
        const live = twin.observations(LOADS[0]!, at(t), at(t + 1), 1);
        const backfilled = other.observations(LOADS[0]!, at(t), at(t + 1), 1);
        expect(live).toEqual(backfilled);
      }
      const q = { metric: "energy.load", from: at(NOW - 3600), to: at(NOW + 601), stepSeconds: 300, aggs: ["last" as const] };
      // On the history grid the city rollup is identical; only the live twin has rows between.
      const slots = (tw: EmbeddedTwin) => tw.series({ ...q, stepSeconds: 5 })[0]!.values.last!.filter((_, k) => k % 60 === 0);
      expect(slots(twin)).toEqual(slots(other));
      expect(other.kpis("energy")[0]!.value).toBeCloseTo(twin.kpis("energy")[0]!.value!, 3);
    } finally {
      other.close();
    }
  });

  it("keeps the city equal to the sum of its districts at 5-second resolution", () => {
    const q = { metric: "energy.load", from: at(NOW + 300), to: at(NOW + 601), stepSeconds: 5, aggs: ["last" as const] };
    const city = twin.series(q)[0]!.values.last!;
    const parts = pack.districts.map((d) => twin.series({ ...q, district: d.id })[0]!.values.last!);
    expect(city.filter((v) => v !== null)).toHaveLength(61);
    city.forEach((v, k) => expect(v).toBeCloseTo(parts.reduce((s, p) => s + (p[k] ?? 0), 0), 3));
  });

  it("compacts fast rows finer than 5 minutes once they are a day old, keeping the slot rows", () => {
    const before = twin.observations(LOADS[0]!, at(NOW), at(NOW + 601), 1000);
    expect(before).toHaveLength(121);
    clock.set(at(NOW + 86400 + 3600));
    twin.tick();
    const after = twin.observations(LOADS[0]!, at(NOW), at(NOW + 601), 1000);
    expect(after.map((r) => r.t)).toEqual([NOW, NOW + 300, NOW + 600].map(iso));
    const rollup = twin.series({ metric: "energy.load", from: at(NOW), to: at(NOW + 601), stepSeconds: 5, aggs: ["count"] })[0]!;
    expect(rollup.values.count!.filter((c) => c !== null)).toHaveLength(3);
    // The last day is untouched, and ticking resumes at 5 s.
    tickBy(5);
    expect(twin.latest([LOADS[0]!])[0]!.t).toBe(iso(NOW + 86400 + 3605));
  });
});

describe("series over mixed resolution", () => {
  it("averages an hour holding 5-minute history and 5-second live rows over time, not over rows", () => {
    // Backfilled to 12:30, then live to 12:40: the hour 12:00-13:00 local holds both resolutions.
    const clock = manualClock(at(NOW + 1800));
    const twin = openEmbeddedTwin(pack, fixtureInventory(pack), { dbPath: ":memory:", seed: 42, backfillDays: 1, tickSeconds: 5, clock });
    try {
      for (let k = 0; k < 120; k++) {
        clock.advance(5);
        twin.tick();
      }
      const range = { from: at(NOW), to: at(NOW + 3600) };
      for (const q of [{ metric: "energy.load" }, { datastreams: [LOADS[0]!] }]) {
        const rows = twin.series({ ...q, ...range, stepSeconds: 5, aggs: ["last"] })[0]!;
        const pts = rows.t
          .map((t, k) => [Date.parse(t) / 1000, rows.values.last![k]] as const)
          .filter((p): p is readonly [number, number] => p[1] !== null && p[1] !== undefined);
        expect(pts).toHaveLength(7 + 120);
        // Each row stands for the time until the next one (the last for the step before it).
        let wv = 0;
        let w = 0;
        pts.forEach(([t, v], k) => {
          const dt = (pts[k + 1]?.[0] ?? t + 5) - t;
          wv += v * dt;
          w += dt;
        });
        const naive = pts.reduce((s, p) => s + p[1], 0) / pts.length;
        const [hour] = twin.series({ ...q, ...range, stepSeconds: 3600, aggs: ["avg", "count"] });
        expect(hour!.t).toEqual([iso(NOW)]);
        expect(hour!.values.count).toEqual([127]);
        expect(hour!.values.avg![0]).toBeCloseTo(wv / w, 6);
        // The row mean would give the last ten minutes 95 % of the weight instead of 25 %.
        expect(Math.abs(hour!.values.avg![0]! - naive)).toBeGreaterThan(1);
      }
    } finally {
      twin.close();
    }
  });
});
