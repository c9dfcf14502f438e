import "server-only";
import { cityDayStart, zoneOffsetMs } from "@/lib/format/zone";

export interface TimeContext {
  /** Epoch seconds. */
  t: number;
  /** Local hour of day with fraction, 0 <= h < 24. */
  h: number;
  /** Local day of week, 0 = Sunday. */
  dow: number;
  /** Local day of year, 1-based. */
  doy: number;
  weekend: boolean;
  /** Epoch seconds of the first instant of this local day (its midnight; not `t` minus the hour: days change length with DST). */
  dayStart: number;
}

const offsetCache = new Map<string, number>();

/** Offset of `timeZone` from UTC in seconds at epoch second `t`; cached per hour (DST-safe). */
export function tzOffsetSeconds(timeZone: string, t: number): number {
  const key = `${timeZone}|${Math.floor(t / 3600)}`;
  const hit = offsetCache.get(key);
  if (hit !== undefined) return hit;
  const hourStart = Math.floor(t / 3600) * 3600;
  const off = Math.round(zoneOffsetMs(new Date(hourStart * 1000), timeZone) / 60_000) * 60;
  if (offsetCache.size > 50_000) offsetCache.clear();
  offsetCache.set(key, off);
  return off;
}

const dayStartCache = new Map<string, number>();

/** Start (epoch seconds) of local day number `day` (days since 1970-01-01 in local time) that contains `t`. */
function dayStartOf(timeZone: string, day: number, t: number): number {
  const key = `${timeZone}|${day}`;
  const hit = dayStartCache.get(key);
  if (hit !== undefined) return hit;
  const start = cityDayStart(t * 1000, timeZone).getTime() / 1000;
  if (dayStartCache.size > 10_000) dayStartCache.clear();
  dayStartCache.set(key, start);
  return start;
}

export function timeContext(timeZone: string, t: number): TimeContext {
  const off = tzOffsetSeconds(timeZone, t);
  const local = t + off;
  const day = Math.floor(local / 86400);
  const h = (local - day * 86400) / 3600;
  const d = new Date(day * 86400 * 1000);
  const dow = d.getUTCDay();
  const doy = Math.floor((day * 86400 * 1000 - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
  return { t, h, dow, doy, weekend: dow === 0 || dow === 6, dayStart: dayStartOf(timeZone, day, t) };
}

/** Start (epoch seconds) of the local day containing `t`. */
export function localDayStart(timeZone: string, t: number): number {
  return timeContext(timeZone, t).dayStart;
}
