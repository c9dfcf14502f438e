/**
 * ISO 8601 durations and the series step choice, pure and dependency-free: the server uses them
 * to answer /series, clients to predict the step it will use. Kept out of schemas.ts so that
 * client code importing them does not pull zod and every endpoint schema into its bundle.
 */

const DURATION_RE = /^P(?:(\d+)W|(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?)$/;

/** Seconds in an ISO 8601 duration (weeks, days, hours, minutes, seconds), or null. */
export function parseDurationSeconds(s: string): number | null {
  const m = DURATION_RE.exec(s);
  if (!m || s === "P" || s.endsWith("T")) return null;
  const [, w, d, h, min, sec] = m;
  const n = (x: string | undefined) => (x === undefined ? 0 : Number(x));
  const total = n(w) * 604800 + n(d) * 86400 + n(h) * 3600 + n(min) * 60 + n(sec);
  return total > 0 ? total : null;
}

/** ISO 8601 duration of whole seconds, canonical form (PT5M, PT1H, P1D, P1DT6H). */
export function formatDurationSeconds(total: number): string {
  const d = Math.floor(total / 86400);
  let rest = total - d * 86400;
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  const s = rest - m * 60;
  const time = `${h ? `${h}H` : ""}${m ? `${m}M` : ""}${s ? `${s}S` : ""}`;
  return `P${d ? `${d}D` : ""}${time ? `T${time}` : ""}` || "PT0S";
}

/** Steps a too-fine request is widened to, seconds: PT1M PT5M PT15M PT30M PT1H PT3H PT6H P1D. */
export const NICE_STEPS_SECONDS = [60, 300, 900, 1800, 3600, 10800, 21600, 86400] as const;

/**
 * The bucket width for a range: the requested step when it gives at most `maxPoints` buckets,
 * else the smallest nice step that does (and is not finer than the request). Null when even a day
 * is too fine, which the API answers with 422.
 */
export function chooseStepSeconds(
  rangeSeconds: number,
  requestedSeconds: number | undefined,
  maxPoints: number,
): number | null {
  // Buckets are aligned to the step (local midnight for days), so a range that does not start on
  // a boundary touches one bucket more than range/step: count the worst case.
  const fits = (step: number) => Math.floor(rangeSeconds / step) + 1 <= maxPoints;
  if (requestedSeconds !== undefined && fits(requestedSeconds)) return requestedSeconds;
  const floor = requestedSeconds ?? 0;
  return NICE_STEPS_SECONDS.find((s) => s >= floor && fits(s)) ?? null;
}
