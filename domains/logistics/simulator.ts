import "server-only";
/**
 * Logistics generators. The port works around the clock with dips at shift change; trucks queue at
 * the gates late morning and afternoon; freighters make air cargo a night business; drones fly
 * lunch and dinner deliveries by day; frozen stores hold −18 °C but for door openings and the odd
 * compressor fault. City totals follow the published figures in ./sites.ts (PROVENANCE).
 */
import type { LineString, Point, Position } from "geojson";
import { intBetween } from "@/lib/city/random";
import type { TimeContext } from "@/lib/twin/simulator/local-time";
import { smoothNoise, u01 } from "@/lib/twin/simulator/noise";
import { bump, rushProfile } from "@/lib/twin/simulator/profiles";
import type { Asset } from "@/lib/twin/types";
import { c11, clamp, num, round2 } from "../sim";
import type { DomainSimulator, Generator, PlacementContext, SimStream } from "../types";
import { SITES, type Site } from "./sites";

/** A daily shape divided by its mean over the 288 five-minute slots of a day: its day averages 1. */
function normalised(raw: (h: number) => number): (h: number) => number {
  let sum = 0;
  for (let i = 0; i < 288; i++) sum += raw((i * 5) / 60);
  const mean = sum / 288;
  return (h) => raw(h) / mean;
}

/** Quay work: round the clock, dips at the 08:00 and 20:00 shift changes and before dawn. */
export const portProfile = normalised(
  (h) => 1 + 0.1 * bump(h, 10, 3) + 0.1 * bump(h, 15.5, 3) - 0.15 * bump(h, 4, 1.5) - 0.25 * bump(h, 8, 0.4) - 0.25 * bump(h, 20, 0.4),
);
/** Container trucks at the gates: late morning and afternoon peaks, an evening tail for cut-offs. */
export const gateProfile = normalised((h) => 0.25 + bump(h, 10.5, 1.8) + 0.95 * bump(h, 15.5, 2.2) + 0.35 * bump(h, 21, 1.5));
/** Air cargo handled: freighters load and unload at night, belly cargo by day. */
export const airProfile = normalised((h) => 0.6 + 0.7 * bump(h, 1.5, 2.5) + 0.35 * bump(h, 14, 3));
/** Drone deliveries: flying 08:00-21:00 with lunch and dinner peaks. */
export const droneProfile = normalised((h) => (h < 8 || h >= 21 ? 0 : 0.25 + bump(h, 12, 1.2) + 0.85 * bump(h, 18, 1.4)));
/** Loading docks in use: the working day. */
const dockProfile = (h: number) => Math.max(bump(h, 10, 2.5), 0.9 * bump(h, 15, 2.5));

/** Freight runs lighter on Sundays and a little on Saturdays; food delivery by drone is busier. */
const portWeek = (c: TimeContext) => (c.dow === 0 ? 0.94 : c.dow === 6 ? 0.98 : 1.01);
const airWeek = (c: TimeContext) => (c.dow === 0 ? 0.9 : c.dow === 6 ? 0.96 : 1.03);
const droneWeek = (c: TimeContext) => (c.weekend ? 1.15 : 0.94);

/** Unbiased rounding of a count: floor(x + u), u uniform, so daily sums keep the mean. */
const countOf = (x: number, k: number, t: number) => Math.floor(Math.max(0, x) + u01(k, t, 5));

/**
 * Pressure on a terminal's berths (1 = every berth taken): its usual level, slow drift and now
 * and then a bunching of arrivals (weather, a late mother vessel) that makes ships wait.
 */
function berthPressure(s: SimStream): Generator {
  const base = 0.64 + 0.22 * s.ub;
  return (c) => {
    const bunch = smoothNoise(s.ka ^ 0xb3, c.t, 6 * 3600);
    const episode = bunch > 0.78 ? ((bunch - 0.78) / 0.22) * 0.45 : 0;
    return base + 0.08 * c11(smoothNoise(s.ka, c.t, 3 * 3600)) + episode;
  };
}

/** Trucks through a gate per hour: the terminal's daily TEU (≈ 1.6 TEU per truck) over the day's shape. */
function gateTrucks(s: SimStream, terminalTEU: number): Generator {
  const perDay = terminalTEU / 365 / 1.6;
  return (c) => (perDay / 24) * gateProfile(c.h) * portWeek(c) * (0.92 + 0.16 * u01(s.k, c.t));
}

/** The annual TEU of the terminal a gate serves (its `terminal` property names the terminal's local id). */
function terminalTEU(s: SimStream, terminals: readonly Asset[]): number {
  const local = String(s.asset.properties.terminal ?? "");
  const t = terminals.find((a) => a.id.endsWith(`:${local}`));
  return t ? num(t, "annualTEU", 1_000_000) : s.num("annualTEU", 1_000_000);
}

export const logisticsSimulator: DomainSimulator = {
  id: "logistics",
  models: {
    "ContainerTerminal:teuHandled": (s) => {
      const perSlot = s.num("annualTEU", 1_000_000) / 365 / 288;
      return (c) =>
        countOf(perSlot * portProfile(c.h) * portWeek(c) * (1 + 0.05 * c11(smoothNoise(s.ka, c.t, 7200)) + 0.1 * c11(u01(s.k, c.t))), s.k, c.t);
    },
    "ContainerTerminal:berthsOccupied": (s) => {
      const berths = s.num("berths", 5);
      const p = berthPressure(s);
      return (c) => Math.round(berths * clamp(p(c), 0, 1));
    },
    "ContainerTerminal:vesselsWaiting": (s) => {
      const berths = s.num("berths", 5);
      const p = berthPressure(s);
      // Ships anchor once nearly every berth is taken; about two per berth-equivalent of overload.
      return (c) => Math.max(0, Math.round(berths * 2 * (p(c) - 0.88) + c11(u01(s.k, c.t)) * 0.6));
    },
    "Gate:queueMinutes": (s, city) => {
      const teu = terminalTEU(s, city.assetsOf("ContainerTerminal"));
      const trucks = gateTrucks(s, teu);
      const lanes = s.num("lanes", 8);
      // A lane clears ~80 trucks an hour; the queue grows steeply as the gate nears that.
      return (c) => {
        const load = clamp(trucks(c) / (lanes * 80), 0, 1.5);
        const incident = smoothNoise(s.ka ^ 0x9a, c.t, 4 * 3600);
        const extra = incident > 0.85 ? ((incident - 0.85) / 0.15) * 40 : 0;
        return round2(4 + 60 * load * load + extra + 3 * c11(smoothNoise(s.ka, c.t, 1800)) + c11(u01(s.k, c.t)));
      };
    },
    "Gate:trucksPerHour": (s, city) => {
      const trucks = gateTrucks(s, terminalTEU(s, city.assetsOf("ContainerTerminal")));
      return (c) => Math.round(trucks(c));
    },
    "AirCargoTerminal:cargoTonnes": (s) => {
      const perSlot = s.num("annualTonnes", 100_000) / 365 / 288;
      return (c) => round2(perSlot * airProfile(c.h) * airWeek(c) * (1 + 0.06 * c11(smoothNoise(s.ka, c.t, 5400)) + 0.12 * c11(u01(s.k, c.t))));
    },
    "LogisticsPark:occupiedDocks": (s) => {
      const docks = s.num("docks", 50);
      return (c) =>
        Math.round(docks * clamp((0.2 + 0.65 * dockProfile(c.h) * (c.weekend ? 0.8 : 1)) * (0.85 + 0.3 * s.ua) + 0.05 * c11(smoothNoise(s.ka, c.t, 1800)), 0, 1));
    },
    "ColdChainWarehouse:temperature": (s) => {
      const setpoint = s.num("setpointC", -18);
      return (c) => {
        // Doors open while trucks load (early morning and afternoon) and let warm air in.
        const doors = 1.2 * Math.max(bump(c.h, 6.5, 1.2), 0.8 * bump(c.h, 15, 1.5));
        // A compressor fault or a defrost gone wrong, a few times a week at each store: excursion alerts happen.
        const fault = smoothNoise(s.ka ^ 0x3c, c.t, 3 * 3600);
        const excursion = fault > 0.95 ? ((fault - 0.95) / 0.05) * 9 : 0;
        return round2(setpoint - 0.6 + doors + excursion + 0.4 * c11(smoothNoise(s.ka, c.t, 2700)) + 0.15 * c11(u01(s.k, c.t)));
      };
    },
    "DroneRoute:deliveries": (s, city) => {
      const perSlot = s.num("flightsPerDay", 100) / 288;
      return (c) => {
        // Strong wind or rain grounds a route for a while (about 5 % of flying hours).
        const grounded = smoothNoise(city.cityKey ^ 0xd7, c.t, 3 * 3600) < 0.05;
        return grounded ? 0 : countOf(perSlot * droneProfile(c.h) * droneWeek(c) * (0.85 + 0.3 * u01(s.k, c.t, 2)), s.k, c.t);
      };
    },
    "TruckCorridor:trucksPerHour": (s) => {
      const lanes = s.num("lanes", 3);
      return (c) => Math.round(lanes * 220 * (0.3 + gateProfile(c.h) * 0.6) * portWeek(c) * (0.9 + 0.2 * u01(s.k, c.t)));
    },
    "TruckCorridor:speed": (s) => {
      const ff = s.num("freeFlowSpeed", 80);
      const sev = 0.25 + 0.35 * s.ua;
      return (c) => {
        const ci = 1 + sev * (2.2 * rushProfile(c.h, c.weekend) + 0.4 * gateProfile(c.h)) * (0.85 + 0.3 * smoothNoise(s.ka, c.t, 2700));
        return round2((ff / ci) * (0.97 + 0.06 * u01(s.k, c.t)));
      };
    },
  },
  place(ctx) {
    const sites = SITES[ctx.pack.id];
    return sites ? sites.map((site) => placeSite(ctx, site)) : scatterGeneric(ctx);
  },
};

/** A known site of the city (sites.ts), named as the city names it. */
function placeSite(ctx: PlacementContext, site: Site): Asset {
  const coords = site.at.map((p): Position => [p[0], p[1]]);
  const geometry: Point | LineString = coords.length === 1 ? ctx.point(coords[0]!) : { type: "LineString", coordinates: coords };
  const n = ctx.next(`${site.type}:${site.district}`);
  const a = ctx.asset(site.type, site.district, site.local, n, geometry, { ...site.properties });
  a.name = site.name;
  return a;
}

/**
 * A city without a site list gets the pack's counts of each type scattered over its districts
 * (routes and corridors as short lines from a random point), at modest magnitudes.
 */
function scatterGeneric(ctx: PlacementContext): Asset[] {
  const terminals = ctx.scatter("ContainerTerminal", (r) => ({ berths: intBetween(r, 3, 8), annualTEU: intBetween(r, 2, 10) * 100_000 }));
  // Each gate serves a terminal in turn (one each when the pack counts as many gates as terminals).
  const gates = terminals.length === 0 ? [] : Array.from({ length: ctx.count("Gate") }, (_, i) => {
    const t = terminals[i % terminals.length]!;
    const local = t.id.split(":").at(-1) ?? "";
    const rand = ctx.rand(`Gate:${local}:${i}`);
    const p = ctx.near(t.district, (t.geometry as Point).coordinates, 800, rand);
    const n = ctx.next(`Gate:${t.district}`);
    return ctx.asset("Gate", t.district, `${local}-gate-${n}`, n, ctx.point(p), { terminal: local, lanes: intBetween(rand, 4, 10) });
  });
  const air = ctx.scatter("AirCargoTerminal", (r) => ({ kind: "general", annualTonnes: intBetween(r, 2, 20) * 10_000 }));
  const parks = ctx.scatter("LogisticsPark", (r) => ({ docks: intBetween(r, 20, 120), kind: "hub" }));
  const cold = ctx.scatter("ColdChainWarehouse", (r) => ({ setpointC: -18, capacityTonnes: intBetween(r, 5, 40) * 1000 }));
  const line = (type: "DroneRoute" | "TruckCorridor", lengthM: number, props: (r: () => number) => Asset["properties"]) =>
    ctx.scatter(type, props).map((a) => {
      const from = (a.geometry as Point).coordinates;
      const to = ctx.near(a.district, from, lengthM, ctx.rand(`${type}:${a.id}`));
      return { ...a, geometry: { type: "LineString", coordinates: [from, to] } satisfies LineString };
    });
  const drones = line("DroneRoute", 3000, (r) => ({ operator: "Local operator", flightsPerDay: intBetween(r, 20, 120) }));
  const corridors = line("TruckCorridor", 8000, (r) => ({ lanes: intBetween(r, 2, 4), freeFlowSpeed: 80 }));
  return [...terminals, ...gates, ...air, ...parks, ...cold, ...drones, ...corridors];
}
