/**
 * Time-zone arithmetic, the one implementation for server and browser: offsets from Intl, and the
 * city's days (where "today" starts and ends) from @date-fns/tz, whose TZDate does local
 * calendar arithmetic on the platform's tz database. A day is not always 24 hours: across a
 * daylight-saving change it has 23 or 25 (and where the change happens at midnight, as in the
 * Azores, midnight itself may not exist or may occur twice; the day starts at its first instant).
 * Pure; safe everywhere.
 */
import { TZDate } from "@date-fns/tz";
import { dateTimeFormat } from "./intl-cache";

/** Offset of a time zone from UTC at an instant, in ms (positive east of Greenwich). */
export function zoneOffsetMs(at: Date, timeZone: string): number {
  const parts = dateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"), n("second"));
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The first instant of the city's day that contains `at` (its local midnight, or the first instant after it when midnight is skipped). */
export function cityDayStart(at: Date | number, timeZone: string): Date {
  const local = new TZDate(+at, timeZone);
  local.setHours(0, 0, 0, 0);
  return new Date(+local);
}

/** The first instant of the next city day after the one that contains `at`. */
export function nextCityDayStart(at: Date | number, timeZone: string): Date {
  // 26 hours after the day's start lies in the next day, whether days last 23, 24 or 25 hours.
  return cityDayStart(cityDayStart(at, timeZone).getTime() + 26 * 3_600_000, timeZone);
}

/** How many slots of `slotMs` the city day that contains `at` holds: 96 of 15 minutes on most days, 92 or 100 across a DST change. */
export function daySlotCount(at: Date | number, timeZone: string, slotMs: number): number {
  return Math.round((nextCityDayStart(at, timeZone).getTime() - cityDayStart(at, timeZone).getTime()) / slotMs);
}
