import "server-only";
/** Construction generators: dust and noise follow the site's phase and working hours. */
import { intBetween, weightedPick } from "@/lib/city/random";
import { smoothNoise, u01 } from "@/lib/twin/simulator/noise";
import { bump } from "@/lib/twin/simulator/profiles";
import type { TimeContext } from "@/lib/twin/simulator/local-time";
import { c11, round2 } from "../sim";
import type { DomainSimulator, SimCity, SimStream } from "../types";

const PHASES = ["planning", "foundation", "structure", "finishing"] as const;
/** Construction dates are drawn around a fixed day, not the clock, so the inventory never changes. */
const CONSTRUCTION_EPOCH = Date.UTC(2025, 0, 1);
const DAY_MS = 86_400_000;
const pad = (n: number, width: number) => String(n).padStart(width, "0");

const working = (h: number) => (h >= 7 && h < 12) || (h >= 13.5 && h < 20);

/** What a site's phase means for its sensors, and its dust episodes. */
function site(s: SimStream, city: SimCity) {
  const phase = String(s.asset.properties.phase ?? "structure");
  const active = phase !== "planning";
  const dusty = phase === "foundation" ? 1 : phase === "structure" ? 0.6 : phase === "finishing" ? 0.3 : 0;
  // ~12 % of active sites have dust episodes (earthworks, demolition): dust alerts happen.
  const spiky = active && s.ua < 0.12;
  const bg = city.pack.scale.pm25Background;
  const pm25 = (c: TimeContext) =>
    bg * (0.8 + 0.25 * bump(c.h, 7, 3)) * (0.7 + 0.6 * smoothNoise(city.cityKey, c.t, 21600)) +
    (active && working(c.h) ? 3 * dusty : 0) +
    1.5 * u01(s.ka, c.t, 3);
  const episode = (c: TimeContext) => {
    if (!spiky || !working(c.h)) return 0;
    const e = smoothNoise(s.ka ^ 0x5a5a, c.t, 5400);
    return e > 0.78 ? ((e - 0.78) / 0.22) * 320 : 0;
  };
  return { phase, active, dusty, pm25, episode };
}

export const constructionSimulator: DomainSimulator = {
  id: "construction",
  models: {
    "CityWork:pm25": (s, city) => {
      const { pm25, episode } = site(s, city);
      return (c) => round2(pm25(c) + 0.25 * episode(c));
    },
    "CityWork:pm10": (s, city) => {
      const { pm25, episode, active, dusty } = site(s, city);
      return (c) => round2(pm25(c) * 1.7 + (active && working(c.h) ? 15 * dusty : 0) + episode(c));
    },
    "CityWork:noise": (s, city) => {
      const { phase, active } = site(s, city);
      const day = phase === "foundation" ? 73 : phase === "structure" ? 70 : phase === "finishing" ? 64 : 52;
      return (c) => round2((active && working(c.h) ? day : 50) + 3 * c11(u01(s.k, c.t)) + 2 * c11(smoothNoise(s.ka, c.t, 3600)));
    },
  },
  place(ctx) {
    return ctx.scatter("CityWork", (rand, i) => {
      const phase = weightedPick(rand, PHASES, [2, 3, 4, 2]);
      const startOffset = phase === "planning" ? intBetween(rand, 30, 300) : -intBetween(rand, 30, 900);
      const start = new Date(CONSTRUCTION_EPOCH + startOffset * DAY_MS);
      const end = new Date(start.getTime() + intBetween(rand, 180, 1100) * DAY_MS);
      const progressPct =
        phase === "planning" ? 0 : phase === "foundation" ? intBetween(rand, 5, 25) : phase === "structure" ? intBetween(rand, 25, 70) : intBetween(rand, 70, 98);
      const permitStatus = phase === "planning" ? weightedPick(rand, ["pending", "approved"], [3, 1]) : rand() < 0.05 ? "suspended" : "approved";
      return {
        phase,
        permitId: `BP-${start.getUTCFullYear()}-${pad(i + 1, 5)}`,
        permitStatus,
        startDate: start.toISOString().slice(0, 10),
        plannedEnd: end.toISOString().slice(0, 10),
        progressPct,
        workers: phase === "planning" ? intBetween(rand, 0, 5) : intBetween(rand, 20, 400),
      };
    });
  },
};
