/**
 * A small seeded PRNG (mulberry32) and helpers. Pure and client-safe: the inventory and the
 * simulator both need "same seed, same numbers" on every machine, which Math.random cannot give.
 */

/** A generator of floats in [0, 1). */
export type Random = () => number;

/** mulberry32: 32-bit state, good enough spread for synthetic data, and tiny. */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Derives an independent stream from a seed and a label, so adding one stream never shifts another. */
export function childRandom(seed: number, label: string): Random {
  let h = 2166136261 ^ (seed >>> 0);
  for (let i = 0; i < label.length; i++) {
    h = Math.imul(h ^ label.charCodeAt(i), 16777619);
  }
  return mulberry32(h >>> 0);
}

/** Uniform float in [min, max). */
export function between(rand: Random, min: number, max: number): number {
  return min + (max - min) * rand();
}

/** Uniform integer in [min, max] (both inclusive). */
export function intBetween(rand: Random, min: number, max: number): number {
  return min + Math.floor(rand() * (max - min + 1));
}

/** One element chosen by the given weights (weights need not sum to 1). */
export function weightedPick<T>(rand: Random, items: readonly T[], weights: readonly number[]): T {
  const total = weights.reduce((a, b) => a + b, 0);
  let r = rand() * total;
  for (let i = 0; i < items.length; i++) {
    r -= weights[i] ?? 0;
    if (r < 0) return items[i] as T;
  }
  const last = items[items.length - 1];
  if (last === undefined) throw new RangeError("weightedPick needs at least one item");
  return last;
}
