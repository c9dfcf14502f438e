import "server-only";
import type { CityPack, Inventory } from "@/lib/city/types";
import type { Asset, Datastream } from "../types";
import type { TimeContext } from "./local-time";
import { hashString, smoothNoise, u01 } from "./noise";
import {
  activity,
  bump,
  loadProfile,
  metroShare,
  rushProfile,
  seasonFactor,
  solarProfile,
} from "./profiles";

/** value = f(seed, datastream, t): a generator for one datastream, pure in its time context. */
export type Generator = (c: TimeContext) => number;

export interface Simulator {
  /** Generator per datastream, in inventory order. */
  generators: Generator[];
  /** Day-ahead forecast of electric load for a district (MW): smooth, within a few % of actual. */
  forecast(districtId: string, c: TimeContext): number;
}

const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);
const num = (a: Asset, k: string, def: number): number => {
  const v = a.properties[k];
  return typeof v === "number" && Number.isFinite(v) ? v : def;
};
const round2 = (x: number) => Math.round(x * 100) / 100;
/** Centred noise in [-1, 1). */
const c11 = (u: number) => 2 * u - 1;

const workFactor = (c: TimeContext) => (c.weekend ? 0.92 : 1);

export function createSimulator(pack: CityPack, inventory: Inventory, seed: number): Simulator {
  const s0 = hashString(`twinops:${seed}`);
  const assets = new Map(inventory.assets.map((a) => [a.id, a]));
  const of = (type: string) => inventory.assets.filter((a) => a.type === type);
  const total = (list: Asset[], f: (a: Asset) => number) => list.reduce((s, a) => s + f(a), 0) || 1;

  const substations = of("Substation");
  const subCap = total(substations, (a) => num(a, "capacityMW", 100));
  const solarCap = total(of("SolarPlant"), (a) => num(a, "capacityMW", 10));
  const metroWeight = (a: Asset) => {
    const lines = String(a.properties.lines ?? "1").split(",").length;
    return (0.6 + lines) * (0.4 + u01(s0, hashString(a.id), 11));
  };
  const metroTotal = total(of("MetroStation"), metroWeight);
  // The city-wide weather drifts together: clouds and haze are shared by neighbouring sites.
  const cityKey = hashString(`city:${seed}`);

  const subBase = (a: Asset) => (pack.scale.peakLoadMW * num(a, "capacityMW", 100)) / subCap;
  const forecastByDistrict = new Map<string, number>();
  for (const a of substations) forecastByDistrict.set(a.district, (forecastByDistrict.get(a.district) ?? 0) + subBase(a));

  function gen(ds: Datastream): Generator {
    const a = assets.get(ds.assetId);
    if (!a) return () => 0;
    const k = hashString(ds.id) ^ s0;
    const ka = hashString(a.id) ^ s0;
    const ua = u01(ka, 1);
    const ub = u01(ka, 2);
    switch (`${a.type}:${ds.property}`) {
      case "Substation:load": {
        const base = subBase(a);
        return (c) =>
          round2(base * loadProfile(c.h) * seasonFactor(c.doy) * workFactor(c) *
            (1 + 0.04 * c11(smoothNoise(k, c.t, 7200)) + 0.015 * c11(u01(k, c.t))));
      }
      case "Feeder:loading":
      case "Feeder:current": {
        // ~2 % of feeders run hot and cross 90 % at the daily peaks: overload alerts happen.
        const base = ua < 0.025 ? 89 + 9 * ub : 42 + 36 * ub;
        const cap = num(a, "capacityMW", 20);
        const loading = (c: TimeContext) =>
          base * loadProfile(c.h) * seasonFactor(c.doy) * workFactor(c) *
          (1 + 0.04 * c11(smoothNoise(ka, c.t, 3600)) + 0.01 * c11(u01(ka, c.t)));
        if (ds.property === "loading") return (c) => round2(loading(c));
        const rating = (cap * 1e6) / (Math.sqrt(3) * 10_500);
        return (c) => round2((loading(c) / 100) * rating);
      }
      case "SolarPlant:output": {
        const cap = (pack.scale.solarCapacityMW * num(a, "capacityMW", 10)) / solarCap;
        return (c) => {
          const sun = solarProfile(c.h);
          if (sun === 0) return 0;
          const cloud = 0.5 + 0.4 * smoothNoise(cityKey, c.t, 10800) + 0.1 * smoothNoise(k, c.t, 1800);
          return round2(cap * sun * cloud * (0.8 + 0.2 * seasonFactor(c.doy)));
        };
      }
      case "EVChargingStation:occupiedConnectors":
      case "EVChargingStation:power": {
        const n = num(a, "connectors", 8);
        const occ = (c: TimeContext) => {
          const util = 0.2 + 0.45 * Math.max(0.6 * bump(c.h, 13, 3), bump(c.h, 21, 2.5));
          return Math.round(n * clamp(util * (0.7 + 0.6 * ua) + 0.1 * c11(smoothNoise(ka, c.t, 1800)), 0, 1));
        };
        if (ds.property === "occupiedConnectors") return occ;
        return (c) => round2(occ(c) * (35 + 30 * ub) * (0.9 + 0.2 * u01(k, c.t)));
      }
      case "TrafficFlowObserved:congestionIndex":
      case "TrafficFlowObserved:speed":
      case "TrafficFlowObserved:intensity": {
        const { min, max } = pack.scale.congestionIndex;
        // A few chronic bottlenecks stay above 3.0 through the rush: congestion alerts happen.
        const sev = ua < 0.94 ? 0.1 + 0.38 * ub * ub : 0.72 + 0.28 * ub;
        const ci = (c: TimeContext) =>
          clamp(
            min + (max - min) * sev * rushProfile(c.h, c.weekend) * (0.9 + 0.2 * smoothNoise(ka, c.t, 2700)) +
              0.05 * c11(u01(ka, c.t)),
            min,
            max,
          );
        if (ds.property === "congestionIndex") return (c) => round2(ci(c));
        const ff = num(a, "freeFlowSpeed", 60);
        if (ds.property === "speed") return (c) => round2((ff / ci(c)) * (0.97 + 0.06 * u01(k, c.t)));
        const lanes = num(a, "lanes", 3);
        return (c) =>
          Math.round(lanes * 1800 * clamp(0.08 + 0.8 * Math.max(rushProfile(c.h, c.weekend), 0.6 * activity(c.h)), 0, 0.95) *
            (0.95 + 0.1 * u01(k, c.t)));
      }
      case "MetroStation:entries":
      case "MetroStation:exits": {
        const share = (pack.scale.metroTripsPerDay * metroWeight(a)) / metroTotal;
        const shift = ds.property === "exits" ? 1 / 3 : 0;
        return (c) => {
          const h = c.h - shift;
          const v = share * metroShare(h < 0 ? h + 24 : h) * (c.weekend ? 0.7 : 1) * (0.9 + 0.2 * u01(k, c.t));
          return Math.round(v);
        };
      }
      case "ParkingSite:occupiedSpaces": {
        const cap = num(a, "capacity", 300);
        return (c) =>
          Math.round(cap * clamp((0.2 + 0.65 * activity(c.h)) * (0.75 + 0.4 * ua) + 0.05 * c11(smoothNoise(ka, c.t, 1800)), 0, 1));
      }
      case "CityWork:pm25":
      case "CityWork:pm10":
      case "CityWork:noise": {
        const phase = String(a.properties.phase ?? "structure");
        const active = phase !== "planning";
        const dusty = phase === "foundation" ? 1 : phase === "structure" ? 0.6 : phase === "finishing" ? 0.3 : 0;
        // ~12 % of active sites have dust episodes (earthworks, demolition): dust alerts happen.
        const spiky = active && ua < 0.12;
        const working = (h: number) => (h >= 7 && h < 12) || (h >= 13.5 && h < 20);
        const bg = pack.scale.pm25Background;
        const pm25 = (c: TimeContext) =>
          bg * (0.8 + 0.25 * bump(c.h, 7, 3)) * (0.7 + 0.6 * smoothNoise(cityKey, c.t, 21600)) +
          (active && working(c.h) ? 3 * dusty : 0) +
          1.5 * u01(ka, c.t, 3);
        const episode = (c: TimeContext) => {
          if (!spiky || !working(c.h)) return 0;
          const e = smoothNoise(ka ^ 0x5a5a, c.t, 5400);
          return e > 0.78 ? ((e - 0.78) / 0.22) * 320 : 0;
        };
        if (ds.property === "pm25") return (c) => round2(pm25(c) + 0.25 * episode(c));
        if (ds.property === "pm10")
          return (c) => round2(pm25(c) * 1.7 + (active && working(c.h) ? 15 * dusty : 0) + episode(c));
        const day = phase === "foundation" ? 73 : phase === "structure" ? 70 : phase === "finishing" ? 64 : 52;
        return (c) => round2((active && working(c.h) ? day : 50) + 3 * c11(u01(k, c.t)) + 2 * c11(smoothNoise(ka, c.t, 3600)));
      }
      case "Building:bedsOccupied":
      case "Building:icuOccupied": {
        const beds = num(a, ds.property === "bedsOccupied" ? "beds" : "icuBeds", 100);
        // ~5 % of hospitals run near full and cross 95 % now and then: bed alerts happen.
        const base = ds.property === "icuOccupied" ? 0.72 + 0.18 * ub : ua < 0.05 ? 0.935 : 0.82 + 0.1 * ub;
        return (c) => {
          const weekly = c.dow === 1 ? 0.015 : c.weekend ? -0.015 : 0;
          const occ = base + weekly + 0.01 * bump(c.h, 11, 4) + 0.02 * c11(smoothNoise(k, c.t, 14400));
          return Math.round(beds * clamp(occ, 0, 0.995));
        };
      }
      case "Building:erWaiting":
      case "Building:erWaitMinutes": {
        const size = num(a, "beds", 500) / 500;
        const pressure = (c: TimeContext) =>
          clamp(0.25 + 0.6 * activity(c.h) + 0.15 * c11(smoothNoise(k, c.t, 3600)), 0, 1.2);
        if (ds.property === "erWaiting") return (c) => Math.round(size * (4 + 30 * pressure(c)) * (0.6 + 0.8 * ua));
        return (c) => round2(12 + 55 * pressure(c) * (0.7 + 0.6 * ua));
      }
      case "AmbulanceStation:availableVehicles": {
        const v = num(a, "vehicles", 6);
        return (c) => Math.max(0, v - Math.round(v * clamp(0.15 + 0.4 * activity(c.h) + 0.15 * c11(u01(k, c.t)), 0, 1)));
      }
      case "AmbulanceStation:responseMinutes":
        return (c) => round2(8 + 4 * rushProfile(c.h, c.weekend) + 1.5 * ua + 1.5 * c11(u01(k, c.t)));
      default:
        return (c) => round2(50 + 10 * c11(smoothNoise(k, c.t, 3600)));
    }
  }

  return {
    generators: inventory.datastreams.map(gen),
    forecast(districtId, c) {
      const base = forecastByDistrict.get(districtId) ?? 0;
      // A forecaster's error: slow, day-level, ±2 %.
      const err = 0.02 * c11(smoothNoise(cityKey ^ 0x77, c.t, 43200));
      return round2(base * loadProfile(c.h) * seasonFactor(c.doy) * workFactor(c) * (1 + err));
    },
  };
}
