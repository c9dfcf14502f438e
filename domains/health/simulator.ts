import "server-only";
/** Health generators: beds fill on Mondays, emergency departments queue with the day's activity. */
import { between, intBetween, weightedPick } from "@/lib/city/random";
import { smoothNoise, u01 } from "@/lib/twin/simulator/noise";
import { activity, bump, rushProfile } from "@/lib/twin/simulator/profiles";
import type { TimeContext } from "@/lib/twin/simulator/local-time";
import { c11, clamp, round2 } from "../sim";
import type { DomainSimulator, SimModel, SimStream } from "../types";

/** Occupied beds: ~5 % of hospitals run near full and cross 95 % now and then, so bed alerts happen. */
const occupied =
  (capacity: string): SimModel =>
  (s) => {
    const beds = s.num(capacity, 100);
    const base = capacity === "icuBeds" ? 0.72 + 0.18 * s.ub : s.ua < 0.05 ? 0.935 : 0.82 + 0.1 * s.ub;
    return (c) => {
      const weekly = c.dow === 1 ? 0.015 : c.weekend ? -0.015 : 0;
      const occ = base + weekly + 0.01 * bump(c.h, 11, 4) + 0.02 * c11(smoothNoise(s.k, c.t, 14400));
      return Math.round(beds * clamp(occ, 0, 0.995));
    };
  };

/** Emergency department pressure, 0..1.2: follows the city's activity. */
const pressure = (s: SimStream) => (c: TimeContext) => clamp(0.25 + 0.6 * activity(c.h) + 0.15 * c11(smoothNoise(s.k, c.t, 3600)), 0, 1.2);

export const healthSimulator: DomainSimulator = {
  id: "health",
  models: {
    "Building:bedsOccupied": occupied("beds"),
    "Building:icuOccupied": occupied("icuBeds"),
    "Building:erWaiting": (s) => {
      const size = s.num("beds", 500) / 500;
      const p = pressure(s);
      return (c) => Math.round(size * (4 + 30 * p(c)) * (0.6 + 0.8 * s.ua));
    },
    "Building:erWaitMinutes": (s) => {
      const p = pressure(s);
      return (c) => round2(12 + 55 * p(c) * (0.7 + 0.6 * s.ua));
    },
    "AmbulanceStation:availableVehicles": (s) => {
      const v = s.num("vehicles", 6);
      return (c) => Math.max(0, v - Math.round(v * clamp(0.15 + 0.4 * activity(c.h) + 0.15 * c11(u01(s.k, c.t)), 0, 1)));
    },
    "AmbulanceStation:responseMinutes": (s) => (c) => round2(8 + 4 * rushProfile(c.h, c.weekend) + 1.5 * s.ua + 1.5 * c11(u01(s.k, c.t))),
  },
  place(ctx) {
    const hospitals = ctx.scatter("Building", (rand) => {
      const level = weightedPick(rand, ["tertiary", "secondary", "primary"] as const, [25, 40, 35]);
      const beds = level === "tertiary" ? between(rand, 1000, 2500) : level === "secondary" ? between(rand, 300, 800) : between(rand, 50, 200);
      return { category: "hospital", level, beds, icuBeds: 0, hasER: level !== "primary" || rand() < 0.5 };
    });
    const raw = hospitals.reduce((a, h) => a + Number(h.properties.beds), 0);
    const factor = raw > 0 ? ctx.pack.scale.hospitalBeds / raw : 0;
    for (const h of hospitals) {
      const beds = Math.max(10, Math.round(Number(h.properties.beds) * factor));
      const icuShare = h.properties.level === "tertiary" ? 0.06 : h.properties.level === "secondary" ? 0.03 : 0.01;
      h.properties.beds = beds;
      h.properties.icuBeds = Math.max(1, Math.round(beds * icuShare));
    }
    return [...hospitals, ...ctx.scatter("AmbulanceStation", (rand) => ({ vehicles: intBetween(rand, 2, 8) }))];
  },
};
