import "server-only";
/**
 * Daily archives of the public hourly series: whole city days (in the city's zone) over the
 * history the twin keeps, up to the last day that ended before the public as-of time. A range
 * is bounded and validated here, so a bad one is a 400 in the problem envelope, never a 500 or
 * a query over months of history. The values come from the same function as the pages' last 24
 * hours (`hourlySeries`), so an archived day equals what the pages showed.
 */
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { cityDayStart, nextCityDayStart } from "@/lib/format/zone";
import { formatLocalIso } from "@/lib/format/time";
import type { TwinReader } from "@/lib/twin/source";
import type { Dataset } from "./open-data";
import { archiveColumns } from "./open-data";
import { HOURLY, hourlySeries, type HourlySpec } from "./read-model";
import type { PublicSnapshot } from "./schemas";

/** The longest range one download may cover. */
export const ARCHIVE_MAX_DAYS = 31;
const DAY_MS = 86_400_000;

/** A city day as `YYYY-MM-DD`. */
export type CityDate = string;

/** The city date of an instant. */
export function cityDate(at: Date | number, timeZone: string): CityDate {
  return formatLocalIso(at, timeZone).slice(0, 10);
}

/** The first instant of a city date (noon UTC of that date lies inside it for every zone within ±12 h). */
export function cityDateStart(date: CityDate, timeZone: string): Date {
  return cityDayStart(Date.parse(`${date}T12:00:00Z`), timeZone);
}

/** The city dates from `from` to `to`, both included. */
export function datesBetween(from: CityDate, to: CityDate): CityDate[] {
  const out: CityDate[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

export interface ArchiveWindow {
  /** The first whole day the twin's history holds. */
  first: CityDate;
  /** The last day that ended before the public as-of time. */
  last: CityDate;
}

/** The days an archive can cover, given the public snapshot and the history the twin keeps. */
export function archiveWindow(snap: Pick<PublicSnapshot, "asOf" | "city">, historyDays: number): ArchiveWindow {
  const tz = snap.city.timezone;
  const asOf = Date.parse(snap.asOf);
  const last = cityDate(cityDayStart(asOf, tz).getTime() - 1, tz);
  const first = cityDate(nextCityDayStart(asOf - historyDays * DAY_MS, tz), tz);
  return { first, last };
}

const DateParam = z.iso.date({ error: "must be a date as YYYY-MM-DD" });

export interface ArchiveRange {
  from: CityDate;
  to: CityDate;
}

/**
 * `from` and `to` (city dates, both included) from a query, checked against the window: both
 * default to the last archived day; anything malformed, reversed, longer than
 * `ARCHIVE_MAX_DAYS` or outside the window is an `ApiError` 400 naming the parameter.
 */
export function parseArchiveRange(query: URLSearchParams, window: ArchiveWindow): ArchiveRange {
  if (window.first > window.last) throw new ApiError(404, "no_archive", "The twin holds no whole day of history yet.");
  const read = (name: "from" | "to"): CityDate | undefined => {
    const raw = query.get(name);
    if (raw === null || raw === "") return undefined;
    const r = DateParam.safeParse(raw);
    if (!r.success) throw new ApiError(400, "invalid_parameter", `\`${name}\` must be a date as YYYY-MM-DD.`, [{ parameter: name, message: "must be a date as YYYY-MM-DD" }]);
    return r.data;
  };
  const to = read("to") ?? read("from") ?? window.last;
  const from = read("from") ?? to;
  const bad = (parameter: string, detail: string) => new ApiError(400, "invalid_range", detail, [{ parameter, message: detail }]);
  if (from > to) throw bad("from", "`from` is after `to`.");
  if (datesBetween(from, to).length > ARCHIVE_MAX_DAYS) throw bad("to", `A download covers at most ${ARCHIVE_MAX_DAYS} days.`);
  if (from < window.first) throw bad("from", `The archive starts on ${window.first}.`);
  if (to > window.last) throw bad("to", `The archive ends on ${window.last}: later days are not complete or not yet public.`);
  return { from, to };
}

/** The archived hourly series with this id, or undefined. */
export function archiveSpec(id: string): HourlySpec | undefined {
  return HOURLY.find((h) => h.id === id);
}

/** An archive download as a dataset: one row per hour of every day in the range. */
export async function buildArchive(twin: TwinReader, spec: HourlySpec, range: ArchiveRange, timeZone: string): Promise<Dataset> {
  const from = cityDateStart(range.from, timeZone);
  const to = nextCityDayStart(cityDateStart(range.to, timeZone), timeZone);
  const s = await hourlySeries(twin, spec, from, to);
  return {
    id: `${spec.id}_${range.from}_${range.to}`,
    domain: spec.domain,
    title: spec.title,
    description: {
      en: `City-wide ${spec.aggregate === "sum" ? "total" : "mean"} of each hour, ${range.from} to ${range.to} (city time).`,
      zh: `${range.from} 至 ${range.to}（本地时间）每小时的全市${spec.aggregate === "sum" ? "合计" : "平均"}。`,
    },
    asOf: to.toISOString(),
    updateSeconds: null,
    columns: archiveColumns(s),
    rows: s.t.map((t, i) => [cityDate(Date.parse(t), timeZone), t, formatLocalIso(t, timeZone), s.values[i] ?? null]),
  };
}

/** The download address of an archive range. */
export function archiveUrl(id: string, range: ArchiveRange, format: "csv" | "json" = "csv"): string {
  return `/api/public/v1/archive/${id}.${format}?from=${range.from}&to=${range.to}`;
}
