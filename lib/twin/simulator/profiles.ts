import "server-only";

/** Gaussian bump on the 24-hour circle, so late-evening peaks wrap past midnight correctly. */
export function bump(h: number, centre: number, width: number): number {
  let d = Math.abs(h - centre);
  if (d > 12) d = 24 - d;
  return Math.exp(-(d * d) / (2 * width * width));
}

function rawLoad(h: number): number {
  const humps = Math.max(bump(h, 11, 2.6), 0.98 * bump(h, 20.5, 2.4));
  return 0.6 + 0.4 * (0.75 * humps + 0.25 * bump(h, 15.5, 5));
}

const LOAD_MAX = (() => {
  let mx = 0;
  for (let i = 0; i < 24 * 60; i++) mx = Math.max(mx, rawLoad(i / 60));
  return mx;
})();

/** Electric load shape, 1 at the daily peak: humps late morning and evening, night ~62 %. */
export function loadProfile(h: number): number {
  return rawLoad(h) / LOAD_MAX;
}

/** Summer (late July) = 1, winter ~0.7: Shenzhen load follows air conditioning. */
export function seasonFactor(doy: number): number {
  return 0.85 + 0.15 * Math.cos((2 * Math.PI * (doy - 205)) / 365);
}

/** Clear-sky solar shape: zero at night, bell between 06:00 and 19:00. */
export function solarProfile(h: number): number {
  if (h <= 6 || h >= 19) return 0;
  return Math.pow(Math.sin((Math.PI * (h - 6)) / 13), 1.5);
}

/** Road demand: morning (08:30) and evening (18:15) rush, a midday shoulder. */
export function rushProfile(h: number, weekend: boolean): number {
  if (weekend) return 0.45 * Math.max(bump(h, 11.5, 2.5), bump(h, 17, 2.5)) + 0.05;
  return Math.max(bump(h, 8.5, 1.1), 0.95 * bump(h, 18.25, 1.4), 0.35 * bump(h, 13, 2.5));
}

function rawMetro(h: number): number {
  if (h < 6.25 || h > 23.5) return 0;
  return 0.25 + bump(h, 8.25, 0.8) + 0.85 * bump(h, 18.25, 1.0) + 0.25 * bump(h, 13, 3);
}

/** Per-5-minute share of a working day's metro entries: sums to 1 over the 288 slots. */
const METRO_NORM = (() => {
  let s = 0;
  for (let i = 0; i < 288; i++) s += rawMetro((i * 5) / 60);
  return s;
})();

export function metroShare(h: number): number {
  return rawMetro(h) / METRO_NORM;
}

/** Daytime activity 0..1 (people awake and out), for parking, ER and noise. */
export function activity(h: number): number {
  return Math.max(bump(h, 14, 4.5), 0.05);
}
