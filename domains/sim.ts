import "server-only";
/** Small numeric helpers the domain simulators share. */
import type { TimeContext } from "@/lib/twin/simulator/local-time";
import type { Asset } from "@/lib/twin/types";

export const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);
export const round2 = (x: number) => Math.round(x * 100) / 100;
/** Centred noise in [-1, 1). */
export const c11 = (u: number) => 2 * u - 1;
/** Weekends run a little lighter (offices, factories). */
export const workFactor = (c: TimeContext) => (c.weekend ? 0.92 : 1);
/** Sum of `f` over the assets; 1 when there are none, so it can divide. */
export const total = <T>(list: readonly T[], f: (a: T) => number) => list.reduce((s, a) => s + f(a), 0) || 1;
/** A numeric asset property, or `def` when it is missing or not a finite number. */
export const num = (a: Asset, k: string, def: number): number => {
  const v = a.properties[k];
  return typeof v === "number" && Number.isFinite(v) ? v : def;
};
