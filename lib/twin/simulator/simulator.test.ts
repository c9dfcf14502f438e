import { describe, expect, it } from "vitest";
import { fixtureInventory, fixturePack, SHENZHEN_COUNTS } from "../testing/fixture";
import { timeContext } from "./local-time";
import { createSimulator } from "./simulator";

const pack = fixturePack();
const inv = fixtureInventory(pack, SHENZHEN_COUNTS);
const sim = createSimulator(pack, inv, 42);
/** Local midnight of Wednesday 2026-07-15 (Asia/Shanghai) and of Saturday 2026-07-18. */
const WED = Date.parse("2026-07-15T00:00:00+08:00") / 1000;
const SAT = Date.parse("2026-07-18T00:00:00+08:00") / 1000;

const streams = (type: string, property: string) => {
  const assets = new Set(inv.assets.filter((a) => a.type === type).map((a) => a.id));
  return inv.datastreams.flatMap((d, i) => (assets.has(d.assetId) && d.property === property ? [i] : []));
};
/** City total (sum over streams) at every cadence slot of a local day. */
const daySums = (idx: number[], dayStart: number, cadence = 300) => {
  const out: number[] = [];
  for (let t = dayStart; t < dayStart + 86400; t += cadence) {
    const c = timeContext(pack.timezone, t);
    out.push(idx.reduce((s, i) => s + sim.generators[i]!(c), 0));
  }
  return out;
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe("simulator", () => {
  it("is deterministic for seed and time, and differs with the seed", () => {
    const again = createSimulator(pack, inv, 42);
    const other = createSimulator(pack, inv, 43);
    const c = timeContext(pack.timezone, WED + 11 * 3600);
    const a = inv.datastreams.map((_, i) => sim.generators[i]!(c));
    expect(inv.datastreams.map((_, i) => again.generators[i]!(c))).toEqual(a);
    const b = inv.datastreams.map((_, i) => other.generators[i]!(c));
    expect(b.filter((v, i) => v !== a[i]).length).toBeGreaterThan(inv.datastreams.length / 2);
  });

  it("peaks near 23 GW on a summer working day with a late-morning and an evening hump", () => {
    const load = daySums(streams("Substation", "load"), WED);
    const hourly = Array.from({ length: 24 }, (_, h) => mean(load.slice(h * 12, h * 12 + 12)));
    const peak = Math.max(...load);
    expect(peak).toBeGreaterThan(20_000);
    expect(peak).toBeLessThan(26_000);
    const morning = Math.max(...hourly.slice(9, 13));
    const evening = Math.max(...hourly.slice(18, 23));
    const valley = Math.min(...hourly.slice(13, 18));
    expect(valley).toBeLessThan(morning * 0.97);
    expect(valley).toBeLessThan(evening * 0.97);
    const night = Math.min(...hourly.slice(2, 6));
    expect(night / peak).toBeGreaterThan(0.5);
    expect(night / peak).toBeLessThan(0.72);
  });

  it("keeps the forecast within 3 % of the actual city load", () => {
    const load = daySums(streams("Substation", "load"), WED);
    load.forEach((actual, k) => {
      const c = timeContext(pack.timezone, WED + k * 300);
      const f = pack.districts.reduce((s, d) => s + sim.forecast(d.id, c), 0);
      expect(Math.abs(f - actual) / actual).toBeLessThan(0.03);
    });
  });

  it("gives solar output by day only", () => {
    const solar = daySums(streams("SolarPlant", "output"), WED);
    expect(solar[2 * 12]).toBe(0);
    expect(solar[12 * 12]).toBeGreaterThan(0);
  });

  it("carries ~8.5 M metro trips on a working day, fewer at the weekend, with 08:00 and 18:00 peaks", () => {
    const entries = streams("MetroStation", "entries");
    const wed = daySums(entries, WED);
    const total = wed.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(8.5e6 * 0.85);
    expect(total).toBeLessThan(8.5e6 * 1.15);
    const sat = daySums(entries, SAT).reduce((a, b) => a + b, 0);
    expect(sat / total).toBeGreaterThan(0.6);
    expect(sat / total).toBeLessThan(0.8);
    const at = (h: number) => wed[h * 12]!;
    expect(at(8)).toBeGreaterThan(at(11));
    expect(at(18)).toBeGreaterThan(at(15));
  });

  it("keeps congestion in 1.3-4.5 with rush-hour peaks", () => {
    const idx = streams("TrafficFlowObserved", "congestionIndex");
    const c8 = timeContext(pack.timezone, WED + 8.5 * 3600);
    const c3 = timeContext(pack.timezone, WED + 3 * 3600);
    const at8 = idx.map((i) => sim.generators[i]!(c8));
    const at3 = idx.map((i) => sim.generators[i]!(c3));
    for (const v of [...at8, ...at3]) {
      expect(v).toBeGreaterThanOrEqual(1.3);
      expect(v).toBeLessThanOrEqual(4.5);
    }
    expect(mean(at8)).toBeGreaterThan(mean(at3) + 0.4);
    expect(at8.filter((v) => v > 3).length).toBeGreaterThan(0);
  });

  it("fills ~70,000 hospital beds at 80-95 % occupancy", () => {
    const hospitals = inv.assets.filter((a) => a.type === "Building");
    const beds = hospitals.reduce((s, a) => s + Number(a.properties.beds), 0);
    expect(beds).toBeGreaterThan(65_000);
    expect(beds).toBeLessThan(75_000);
    const occupied = daySums(streams("Building", "bedsOccupied"), WED, 900);
    for (const o of occupied) {
      expect(o / beds).toBeGreaterThan(0.8);
      expect(o / beds).toBeLessThan(0.95);
    }
  });

  it("keeps PM2.5 near an 18 µg/m³ background, with a few sites spiking in PM10", () => {
    const pm25 = daySums(streams("CityWork", "pm25"), WED, 600);
    const sites = streams("CityWork", "pm25").length;
    const daily = mean(pm25) / sites;
    expect(daily).toBeGreaterThan(14);
    expect(daily).toBeLessThan(24);
    const pm10 = streams("CityWork", "pm10");
    let spikes = 0;
    for (let t = WED; t < WED + 7 * 86400; t += 600) {
      const c = timeContext(pack.timezone, t);
      for (const i of pm10) if (sim.generators[i]!(c) > 150) spikes++;
    }
    expect(spikes).toBeGreaterThan(0);
  });

  it("refuses a datastream no domain simulator has a model for, instead of inventing values", () => {
    const asset = inv.assets.find((a) => a.type === "Substation")!;
    const stray = { ...inv.datastreams[0]!, id: `${asset.id}:humidity`, assetId: asset.id, property: "humidity" };
    expect(() => createSimulator(pack, { ...inv, datastreams: [stray] }, 42)).toThrow(/no simulator model for Substation:humidity/);
  });
});
