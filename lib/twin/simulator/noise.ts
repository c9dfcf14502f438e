import "server-only";

/** FNV-1a: a stable 32-bit hash of a datastream or asset id, independent of insertion order. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return (h ^ (h >>> 12)) >>> 0;
}

/** Uniform [0,1) from integers alone, so any instant can be generated without history. */
export function u01(a: number, b: number, c = 0): number {
  return mix(mix(a, b), c | 0) / 4294967296;
}

/**
 * Smooth value noise in [0,1): uniform knots every `period` seconds, cosine-interpolated.
 * Gives believable drift (clouds, traffic incidents) while staying a pure function of t.
 */
export function smoothNoise(key: number, t: number, period: number): number {
  const x = t / period;
  const k = Math.floor(x);
  const f = x - k;
  const a = u01(key, k, 7);
  const b = u01(key, k + 1, 7);
  const s = (1 - Math.cos(Math.PI * f)) / 2;
  return a + (b - a) * s;
}
