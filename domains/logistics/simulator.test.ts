import { describe, expect, it } from "vitest";
import { generateInventory } from "@/lib/city/inventory";
import { loadCityPack } from "@/lib/city/pack";
import { ALERT_RULES, stepRule, type RuleState } from "@/lib/twin/alerts/rules";
import { timeContext } from "@/lib/twin/simulator/local-time";
import { createSimulator } from "@/lib/twin/simulator/simulator";
import { logistics } from ".";
import { DRONE_FLIGHTS_PER_YEAR, SITES, published } from "./sites";
import { logisticsSimulator } from "./simulator";

const pack = loadCityPack("shenzhen");
const all = generateInventory(pack);
const assets = all.assets.filter((a) => a.domain === "logistics");
const inv = { assets, datastreams: all.datastreams.filter((d) => assets.some((a) => a.id === d.assetId)) };
const sim = createSimulator(pack, inv, 42, [logisticsSimulator]);
/** Local midnight of Wednesday 2026-07-15 (Asia/Shanghai) and of Sunday 2026-07-19. */
const WED = Date.parse("2026-07-15T00:00:00+08:00") / 1000;
const SUN = Date.parse("2026-07-19T00:00:00+08:00") / 1000;
const WEEK = 7 * 86400;

const streams = (type: string, property: string) => {
  const ids = new Set(assets.filter((a) => a.type === type).map((a) => a.id));
  return inv.datastreams.flatMap((d, i) => (ids.has(d.assetId) && d.property === property ? [i] : []));
};
const at = (i: number, t: number) => sim.generators[i]!(timeContext(pack.timezone, t));
/** City total (sum over streams) at every 5-minute slot from `from` for `seconds`. */
const sums = (idx: number[], from: number, seconds = 86400) => {
  const out: number[] = [];
  for (let t = from; t < from + seconds; t += 300) {
    const c = timeContext(pack.timezone, t);
    out.push(idx.reduce((s, i) => s + sim.generators[i]!(c), 0));
  }
  return out;
};
const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const mean = (xs: number[]) => total(xs) / xs.length;
/** Mean of the slots in local hours [from, to) of the day that `day` starts. */
const hours = (day: number[], from: number, to: number) => mean(day.slice(from * 12, to * 12));
const within15 = (value: number, published: number) => {
  expect(value).toBeGreaterThan(published * 0.85);
  expect(value).toBeLessThan(published * 1.15);
};

describe("logistics simulator", () => {
  it("has a model for every datastream the domain declares, and places every site of the city", () => {
    for (const t of logistics.assetTypes)
      for (const d of t.datastreams) expect(logisticsSimulator.models[`${t.type}:${d.property}`], `${t.type}:${d.property}`).toBeDefined();
    expect(assets).toHaveLength(SITES.shenzhen!.length);
    // The pack counts what the site list places, type by type.
    for (const t of logistics.assetTypes)
      expect(pack.inventory.counts[t.type], t.type).toBe(assets.filter((a) => a.type === t.type).length);
    expect(new Set(assets.map((a) => a.type))).toEqual(new Set(logistics.assetTypes.map((t) => t.type)));
  });

  it("is deterministic for seed and time, and differs with the seed", () => {
    const again = createSimulator(pack, inv, 42, [logisticsSimulator]);
    const other = createSimulator(pack, inv, 43, [logisticsSimulator]);
    const c = timeContext(pack.timezone, WED + 15 * 3600);
    const a = inv.datastreams.map((_, i) => sim.generators[i]!(c));
    expect(inv.datastreams.map((_, i) => again.generators[i]!(c))).toEqual(a);
    const b = inv.datastreams.map((_, i) => other.generators[i]!(c));
    expect(b.filter((v, i) => v !== a[i]).length).toBeGreaterThan(inv.datastreams.length / 3);
  });

  it("handles Shenzhen port's ~82,000 TEU a day (29.9 M in 2023), with dips at the 08:00 and 20:00 shift changes", () => {
    const teu = streams("ContainerTerminal", "teuHandled");
    const week = sums(teu, WED, WEEK);
    within15(total(week) / 7, published("portTeu") / 365);
    const wed = week.slice(0, 288);
    expect(hours(wed, 8, 9)).toBeLessThan(hours(wed, 10, 11) * 0.9);
    expect(hours(wed, 20, 21)).toBeLessThan(hours(wed, 15, 16) * 0.9);
    expect(total(sums(teu, SUN))).toBeLessThan(total(wed));
  });

  it("handles Bao'an airport's ~4,400 t of cargo a day (1.6 M t in 2023), busiest at night", () => {
    const week = sums(streams("AirCargoTerminal", "cargoTonnes"), WED, WEEK);
    within15(total(week) / 7, published("airCargo") / 365);
    const wed = week.slice(0, 288);
    expect(hours(wed, 0, 3)).toBeGreaterThan(hours(wed, 7, 10) * 1.3);
  });

  it("flies ~1,400 drone deliveries a day (over 780,000 flights from January 2023 to June 2024) by day only, peaking at lunch and dinner", () => {
    const week = sums(streams("DroneRoute", "deliveries"), WED, WEEK);
    within15(total(week) / 7, DRONE_FLIGHTS_PER_YEAR / 365);
    const wed = week.slice(0, 288);
    expect(hours(wed, 0, 8)).toBe(0);
    expect(hours(wed, 21, 24)).toBe(0);
    expect(hours(wed, 11.5, 12.5)).toBeGreaterThan(hours(wed, 15, 16));
    expect(hours(wed, 17.5, 18.5)).toBeGreaterThan(hours(wed, 15, 16));
  });

  it("keeps berths 60-85 % occupied on average, with ships waiting at anchor now and then", () => {
    const berths = assets.filter((a) => a.type === "ContainerTerminal").reduce((s, a) => s + Number(a.properties.berths), 0);
    const occupied = sums(streams("ContainerTerminal", "berthsOccupied"), WED, WEEK);
    expect(mean(occupied) / berths).toBeGreaterThan(0.6);
    expect(mean(occupied) / berths).toBeLessThan(0.85);
    for (const o of occupied) expect(o).toBeLessThanOrEqual(berths);
    const waiting = sums(streams("ContainerTerminal", "vesselsWaiting"), WED, WEEK);
    expect(Math.max(...waiting)).toBeGreaterThan(4);
    expect(mean(waiting)).toBeLessThan(5);
  });

  it("queues trucks 8-25 min at the gates on average, longest in the afternoon and at busy Yantian", () => {
    const idx = streams("Gate", "queueMinutes");
    const wed = sums(idx, WED).map((v) => v / idx.length);
    expect(mean(wed)).toBeGreaterThan(8);
    expect(mean(wed)).toBeLessThan(25);
    expect(hours(wed, 15, 16)).toBeGreaterThan(hours(wed, 3, 4) * 2);
    const yantian = idx.find((i) => inv.datastreams[i]!.assetId.endsWith(":yantian-yict-gate"))!;
    const peak = Math.max(...sums([yantian], WED, WEEK));
    expect(peak).toBeGreaterThan(45);
  });

  it("holds frozen stores near −18 °C, with a few excursions above −15 °C in a week", () => {
    const idx = streams("ColdChainWarehouse", "temperature");
    const week = sums(idx, WED, WEEK).map((v) => v / idx.length);
    expect(mean(week)).toBeGreaterThan(-19);
    expect(mean(week)).toBeLessThan(-17);
    let above = 0;
    for (let t = WED; t < WED + WEEK; t += 300) for (const i of idx) if (at(i, t) > -15) above++;
    expect(above).toBeGreaterThan(0);
    // Excursions are rare: well under 5 % of a store's readings.
    expect(above / (idx.length * 7 * 288)).toBeLessThan(0.05);
  });

  it("keeps every reading inside its datastream's plausible range", () => {
    const spec = new Map<string, { plausible: readonly [number, number] }>(
      logistics.assetTypes.flatMap((t) => t.datastreams.map((d) => [`${t.type}:${d.property}`, d] as const)),
    );
    const type = new Map<string, string>(assets.map((a) => [a.id, a.type]));
    for (let t = WED; t < WED + 2 * 86400; t += 1800) {
      const c = timeContext(pack.timezone, t);
      inv.datastreams.forEach((d, i) => {
        const [lo, hi] = spec.get(`${type.get(d.assetId)}:${d.property}`)!.plausible;
        const v = sim.generators[i]!(c);
        expect(v, d.id).toBeGreaterThanOrEqual(lo);
        expect(v, d.id).toBeLessThanOrEqual(hi);
      });
    }
  });

  it("raises each of the domain's alerts (berth congestion, gate queue, cold chain excursion) within a week", () => {
    const raised = new Map<string, number>();
    for (const rule of ALERT_RULES.filter((r) => r.domain === "logistics")) {
      for (const i of streams(rule.assetType, rule.property)) {
        const asset = assets.find((a) => a.id === inv.datastreams[i]!.assetId)!;
        const state: RuleState = { runStart: null, open: null };
        for (let t = WED; t < WED + WEEK; t += 300) {
          const action = stepRule(rule, state, t, rule.measure(at(i, t), asset));
          if (action?.kind === "raise") raised.set(rule.id, (raised.get(rule.id) ?? 0) + 1);
        }
      }
    }
    expect([...raised.keys()].sort()).toEqual(["berthCongestion", "coldChainExcursion", "gateQueue"]);
    // Alarms, not noise: a control room sees a handful a day, not hundreds.
    for (const n of raised.values()) expect(n / 7).toBeLessThan(15);
  });
});
