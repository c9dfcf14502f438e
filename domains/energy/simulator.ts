import "server-only";
/** Energy generators: load follows the city's day and season, solar the sun, chargers the evening. */
import type { Point } from "geojson";
import { between, intBetween, weightedPick } from "@/lib/city/random";
import { smoothNoise, u01 } from "@/lib/twin/simulator/noise";
import { bump, loadProfile, seasonFactor, solarProfile } from "@/lib/twin/simulator/profiles";
import type { TimeContext } from "@/lib/twin/simulator/local-time";
import type { Asset } from "@/lib/twin/types";
import { c11, clamp, num, round2, total, workFactor } from "../sim";
import type { DomainSimulator, SimCity } from "../types";

const EV_OPERATORS = ["TELD", "Star Charge", "State Grid", "China Southern Power Grid", "BYD", "Local operator"];

/** Each substation's share of the city's peak load (MW), by its capacity. */
function substationBase(city: SimCity): (a: Asset) => number {
  const cap = city.memo("energy.substationCapacity", () => total(city.assetsOf("Substation"), (a) => num(a, "capacityMW", 100)));
  return (a) => (city.pack.scale.peakLoadMW * num(a, "capacityMW", 100)) / cap;
}

export const energySimulator: DomainSimulator = {
  id: "energy",
  models: {
    "Substation:load": ({ asset, k }, city) => {
      const base = substationBase(city)(asset);
      return (c) =>
        round2(base * loadProfile(c.h) * seasonFactor(c.doy) * workFactor(c) *
          (1 + 0.04 * c11(smoothNoise(k, c.t, 7200)) + 0.015 * c11(u01(k, c.t))));
    },
    "Feeder:loading": (s) => {
      const loading = feederLoading(s.ka, s.ua, s.ub);
      return (c) => round2(loading(c));
    },
    "Feeder:current": (s) => {
      const loading = feederLoading(s.ka, s.ua, s.ub);
      const rating = (s.num("capacityMW", 20) * 1e6) / (Math.sqrt(3) * 10_500);
      return (c) => round2((loading(c) / 100) * rating);
    },
    "SolarPlant:output": ({ k, num: prop }, city) => {
      const solarCap = city.memo("energy.solarCapacity", () => total(city.assetsOf("SolarPlant"), (a) => num(a, "capacityMW", 10)));
      const cap = (city.pack.scale.solarCapacityMW * prop("capacityMW", 10)) / solarCap;
      return (c) => {
        const sun = solarProfile(c.h);
        if (sun === 0) return 0;
        const cloud = 0.5 + 0.4 * smoothNoise(city.cityKey, c.t, 10800) + 0.1 * smoothNoise(k, c.t, 1800);
        return round2(cap * sun * cloud * (0.8 + 0.2 * seasonFactor(c.doy)));
      };
    },
    "EVChargingStation:occupiedConnectors": (s) => evOccupied(s.num("connectors", 8), s.ka, s.ua),
    "EVChargingStation:power": (s) => {
      const occ = evOccupied(s.num("connectors", 8), s.ka, s.ua);
      return (c) => round2(occ(c) * (35 + 30 * s.ub) * (0.9 + 0.2 * u01(s.k, c.t)));
    },
  },
  forecast(city) {
    const base = substationBase(city);
    const byDistrict = new Map<string, number>();
    for (const a of city.assetsOf("Substation")) byDistrict.set(a.district, (byDistrict.get(a.district) ?? 0) + base(a));
    return (districtId, c) => {
      const b = byDistrict.get(districtId) ?? 0;
      // A forecaster's error: slow, day-level, ±2 %.
      const err = 0.02 * c11(smoothNoise(city.cityKey ^ 0x77, c.t, 43200));
      return round2(b * loadProfile(c.h) * seasonFactor(c.doy) * workFactor(c) * (1 + err));
    };
  },
  place(ctx) {
    const subs = ctx.scatter("Substation", (rand) => {
      const r = rand();
      const voltageKV = r < 0.04 ? 500 : r < 0.28 ? 220 : 110;
      const raw = voltageKV === 500 ? between(rand, 2000, 3000) : voltageKV === 220 ? between(rand, 480, 720) : between(rand, 100, 200);
      return { voltageKV, capacityMW: raw };
    });
    // Firm capacity ~1.6 × peak load: enough headroom that only hot feeders overload.
    const raw = subs.reduce((a, s) => a + Number(s.properties.capacityMW), 0);
    const factor = raw > 0 ? (1.6 * ctx.pack.scale.peakLoadMW) / raw : 0;
    for (const s of subs) s.properties.capacityMW = Math.round(Number(s.properties.capacityMW) * factor * 10) / 10;

    const rand = ctx.rand("Feeder");
    const perSub = ctx.apportion(ctx.count("Feeder"), subs.map(() => 1));
    const feeders: Asset[] = [];
    subs.forEach((s, i) => {
      const origin = (s.geometry as Point).coordinates;
      const k = perSub[i] ?? 0;
      for (let f = 1; f <= k; f++) {
        const capacityMW = Math.round((Number(s.properties.capacityMW) / k) * between(rand, 0.9, 1.2) * 10) / 10;
        feeders.push({
          id: `${s.id.replace(":Substation:", ":Feeder:")}-f${f}`,
          type: "Feeder",
          domain: "energy",
          name: { en: `${s.name.en} Feeder ${f}`, zh: `${s.name.zh}馈线${f}` },
          geometry: ctx.point(ctx.near(s.district, origin, 1200, rand)),
          district: s.district,
          status: "normal",
          properties: { substationId: s.id, capacityMW },
        });
      }
    });

    const plants = ctx.scatter("SolarPlant", (r) => ({ capacityMW: r() < 0.15 ? between(r, 30, 60) : between(r, 2, 15) }));
    const rawSolar = plants.reduce((a, p) => a + Number(p.properties.capacityMW), 0);
    const solarFactor = rawSolar > 0 ? ctx.pack.scale.solarCapacityMW / rawSolar : 0;
    for (const p of plants) p.properties.capacityMW = Math.round(Number(p.properties.capacityMW) * solarFactor * 10) / 10;

    const ev = ctx.scatter("EVChargingStation", (r) => ({
      connectors: intBetween(r, 4, 40),
      operator: weightedPick(r, EV_OPERATORS, [5, 4, 3, 3, 2, 1]),
    }));
    return [...subs, ...feeders, ...plants, ...ev];
  },
};

/** Feeder loading (%): ~2 % of feeders run hot and cross 90 % at the daily peaks, so overload alerts happen. */
function feederLoading(ka: number, ua: number, ub: number): (c: TimeContext) => number {
  const base = ua < 0.025 ? 89 + 9 * ub : 42 + 36 * ub;
  return (c) =>
    base * loadProfile(c.h) * seasonFactor(c.doy) * workFactor(c) *
    (1 + 0.04 * c11(smoothNoise(ka, c.t, 3600)) + 0.01 * c11(u01(ka, c.t)));
}

/** Connectors in use: a midday and a larger evening peak. */
function evOccupied(n: number, ka: number, ua: number): (c: TimeContext) => number {
  return (c) => {
    const util = 0.2 + 0.45 * Math.max(0.6 * bump(c.h, 13, 3), bump(c.h, 21, 2.5));
    return Math.round(n * clamp(util * (0.7 + 0.6 * ua) + 0.1 * c11(smoothNoise(ka, c.t, 1800)), 0, 1));
  };
}
