/**
 * What the overview page shows, as data: the queries behind each panel (so the server seeds
 * exactly the keys the client hooks ask for) and the pure reshaping of API answers into chart
 * frames. Client-safe and tested.
 */
import type { BarsFrame, Mark, TrendFrame } from "@/lib/views/department/frames";
import type { KpiValue, LocalizedText } from "@/lib/twin/types";
import type { Domain } from "@/lib/twin/types";
import { byDomain } from "@/domains";
import type { CellChartSpec } from "@/domains/types";
import type { AlertsQuery, DistrictValuesQuery, DistrictValuesResponse, KpisResponse, SeriesQuery, SeriesResponse } from "@/lib/twin-client/schemas";
import { cityDayStart, daySlotCount, nextCityDayStart } from "@/lib/format/zone";

/** Headline KPIs per domain panel, in display order (the registry's `cell.kpis`). */
export const HEADLINE_KPIS: Record<Domain, readonly string[]> = byDomain((m) => m.cell.kpis);

/** The alert list shows what still needs someone: open, acknowledged or assigned. */
export const ACTIVE_ALERTS: AlertsQuery = { state: ["open", "acknowledged", "assigned"], limit: 200 };

/**
 * The series each panel asks for. `dayStart` (`cityDayStart` in lib/format/zone.ts) fixes
 * "today" so server and client keys agree; the forecast runs to the next day's start.
 */
export function overviewSeries(dayStart: Date, timeZone: string) {
  const dayEnd = nextCityDayStart(dayStart, timeZone);
  const today = (metric: string, to?: Date): SeriesQuery => ({ metric, from: dayStart, to, step: "PT15M", agg: ["avg"] });
  return {
    energyLoad: today("energy.load"),
    energyForecast: today("energy.forecast", dayEnd),
    congestion: today("transport.congestion"),
    pm25: { metric: "construction.pm25", step: "PT1H", agg: ["avg"] } satisfies SeriesQuery,
    // Every district's latest value in one request (not one series per district).
    bedOccupancy: { metric: "health.bedOccupancy" } satisfies DistrictValuesQuery,
  };
}

/** What one domain cell of the overview asks for: one or two series, or every district's value. */
export type CellQueries =
  | { kind: "time"; main: SeriesQuery; overlay: SeriesQuery | null }
  | { kind: "districts"; main: DistrictValuesQuery };

/**
 * The queries of a domain cell (its registry `cell.chart`), for "today" as `dayStart` fixes it:
 * the same keys `overviewSeries` builds, so the server seeds what the cell asks for.
 */
export function cellQueries(chart: CellChartSpec, dayStart: Date, timeZone: string): CellQueries {
  const today = (metric: string, to?: Date): SeriesQuery => ({ metric, from: dayStart, to, step: "PT15M", agg: ["avg"] });
  switch (chart.kind) {
    case "today":
      return { kind: "time", main: today(chart.metric), overlay: chart.overlay ? today(chart.overlay, nextCityDayStart(dayStart, timeZone)) : null };
    case "recent":
      return { kind: "time", main: { metric: chart.metric, step: chart.step, agg: ["avg"] }, overlay: null };
    case "districts":
      // Every district's latest value in one request (not one series per district).
      return { kind: "districts", main: { metric: chart.metric } };
  }
}

/** A "today" cell's series over the whole previous city day (a wall's rolling 24 hours); null for other cells. */
export function cellQueriesBefore(chart: CellChartSpec, dayStart: Date, timeZone: string): { main: SeriesQuery; overlay: SeriesQuery | null } | null {
  if (chart.kind !== "today") return null;
  const from = cityDayStart(new Date(dayStart.getTime() - 1), timeZone);
  const day = (metric: string): SeriesQuery => ({ metric, from, to: dayStart, step: "PT15M", agg: ["avg"] });
  return { main: day(chart.metric), overlay: chart.overlay ? day(chart.overlay) : null };
}

/**
 * The same "today" series for the whole previous city day (`from` its start `to` today's): with
 * today's, what a wall's rolling 24-hour chart draws. Its key stays the same all day, and the day
 * roll drops it with the other keys of that day.
 */
export function dayBeforeSeries(dayStart: Date, timeZone: string) {
  const from = cityDayStart(new Date(dayStart.getTime() - 1), timeZone);
  const day = (metric: string): SeriesQuery => ({ metric, from, to: dayStart, step: "PT15M", agg: ["avg"] });
  return { energyLoad: day("energy.load"), energyForecast: day("energy.forecast"), congestion: day("transport.congestion") };
}

/** Two answers of one series back to back (older first), averages only (what the overview asks). */
export function joinSeries(older: SeriesResponse | undefined, newer: SeriesResponse | undefined): SeriesResponse | undefined {
  if (!older) return newer;
  if (!newer) return older;
  return {
    ...newer,
    series: newer.series.map((s, i) => {
      const o = older.series[i];
      return o ? { ...s, t: [...o.t, ...s.t], values: { avg: [...(o.values.avg ?? []), ...(s.values.avg ?? [])] } } : s;
    }),
  };
}

/**
 * A frame on the fixed grid of the 24 hours up to now (96 slots of 15 minutes, the last one
 * holding `nowMs`), with the city's midnight marked: a wall after midnight still shows a day,
 * and the arrays keep one length around the clock.
 */
export function onRollingSlots(frame: TrendFrame | null, nowMs: number, timeZone: string, slotMs = DAY_SLOT_MS): TrendFrame | null {
  if (!frame) return null;
  const n = Math.round(86_400_000 / slotMs);
  const start = Math.floor(nowMs / slotMs) * slotMs - (n - 1) * slotMs;
  const slotted = onSlots(frame, start, n, slotMs);
  const midnight = cityDayStart(new Date(nowMs), timeZone);
  const k = Math.round((midnight.getTime() - start) / slotMs);
  const date = (locale: string) => new Intl.DateTimeFormat(locale, { timeZone, month: "short", day: "numeric" }).format(midnight);
  const times = k > 0 && k < n ? [{ t: slotted.t[k]!, label: { en: `00:00 ${date("en-GB")}`, zh: `0时 ${date("zh-CN")}` } }] : [];
  return { ...slotted, times };
}

/** A frame on `n` slots from `start`; buckets outside are dropped, a later bucket's value wins over a gap. */
function onSlots(frame: TrendFrame, start: number, n: number, slotMs: number): TrendFrame {
  const t = Array.from({ length: n }, (_, i) => new Date(start + i * slotMs).toISOString());
  const slotOf = frame.t.map((ts) => {
    const k = Math.round((Date.parse(ts) - start) / slotMs);
    return k >= 0 && k < n ? k : -1;
  });
  const series = frame.series.map((s) => {
    const values = new Array<number | null>(n).fill(null);
    slotOf.forEach((k, i) => {
      const v = s.values[i];
      if (k >= 0 && v !== null && v !== undefined) values[k] = v;
    });
    return { ...s, values };
  });
  return { ...frame, t, series };
}

/** Picks KPIs by id in the given order, skipping ids the twin does not have. */
export function pickKpis(res: KpisResponse | undefined, ids: readonly string[]): KpiValue[] {
  if (!res) return [];
  const byId = new Map(res.kpis.map((k) => [k.definition.id, k]));
  return ids.flatMap((id) => {
    const k = byId.get(id);
    return k ? [k as KpiValue] : [];
  });
}

/** Threshold lines of a KPI definition, for drawing on its charts (overview, wall and department). */
export function kpiThresholds(kpi: { definition: { thresholds: { warning: number | null; critical: number | null } } } | undefined): Mark[] {
  if (!kpi) return [];
  const out: Mark[] = [];
  const { warning, critical } = kpi.definition.thresholds;
  if (warning !== null) out.push({ level: "warning", value: warning, label: { en: "Warning", zh: "预警" } });
  if (critical !== null) out.push({ level: "critical", value: critical, label: { en: "Critical", zh: "严重" } });
  return out;
}

function firstValues(res: SeriesResponse | undefined) {
  const s = res?.series[0];
  return s ? { t: s.t, v: s.values.avg ?? [], unit: s.unit.symbol } : null;
}

/**
 * Actual and forecast on one time axis: the union of both bucket lists, sorted, with gaps where
 * one series has no bucket (the actual stops at "now", the forecast runs to midnight).
 */
export function actualVsForecastFrame(
  actual: SeriesResponse | undefined,
  forecast: SeriesResponse | undefined,
  meta: { timezone: string; thresholds?: Mark[] },
): TrendFrame | null {
  const a = firstValues(actual);
  const f = firstValues(forecast);
  if (!a && !f) return null;
  const times = [...new Set([...(a?.t ?? []), ...(f?.t ?? [])])].sort((x, y) => Date.parse(x) - Date.parse(y));
  const lookup = (s: ReturnType<typeof firstValues>) => {
    const m = new Map<number, number | null>();
    s?.t.forEach((t, i) => m.set(Date.parse(t), s.v[i] ?? null));
    return times.map((t) => m.get(Date.parse(t)) ?? null);
  };
  const series: TrendFrame["series"] = [];
  if (a) series.push({ id: "actual", name: { en: "Actual", zh: "实际" }, values: lookup(a), role: "actual" });
  if (f) series.push({ id: "forecast", name: { en: "Forecast", zh: "预测" }, values: lookup(f), role: "forecast" });
  return { kind: "trend", unit: a?.unit ?? f?.unit ?? "", timezone: meta.timezone, t: times, series, marks: meta.thresholds };
}

/** Buckets of a "today" chart: 15 minutes, as its series ask (`overviewSeries`). */
export const DAY_SLOT_MS = 15 * 60_000;

/**
 * A "today" frame on the day's fixed grid of slots (96 of 15 minutes; 92 or 100 on a day with a
 * daylight-saving change), the slots still ahead empty: the chart's arrays keep one length all
 * day instead of growing from 1 to 96 and shrinking at midnight, so a wall's memory and the axis
 * do not follow the time of day.
 */
export function onDaySlots(frame: TrendFrame | null, dayStart: Date, timeZone: string, slotMs = DAY_SLOT_MS): TrendFrame | null {
  return frame ? onSlots(frame, dayStart.getTime(), daySlotCount(dayStart, timeZone, slotMs), slotMs) : null;
}

/** One series through time, or null when there is nothing to draw. */
export function singleSeriesFrame(
  res: SeriesResponse | undefined,
  meta: { name: LocalizedText; timezone: string; thresholds?: Mark[] },
): TrendFrame | null {
  const s = firstValues(res);
  if (!s || s.t.length === 0) return null;
  return { kind: "trend", unit: s.unit, timezone: meta.timezone, t: s.t, series: [{ id: "value", name: meta.name, values: s.v, role: "actual" }], marks: meta.thresholds };
}

/** Each district's value of one metric (`/district-values`), as bars, highest first. */
export function districtBarsFrame(res: DistrictValuesResponse | undefined, meta: { thresholds?: Mark[] }): BarsFrame | null {
  if (!res || res.districts.every((d) => d.value === null)) return null;
  const rows = [...res.districts].sort((x, y) => (y.value ?? -Infinity) - (x.value ?? -Infinity));
  const unit = res.metric.unit.symbol;
  return { kind: "bars", unit, percent: unit === "%", bars: rows.map((r) => ({ id: r.id, name: r.name, value: r.value })), marks: meta.thresholds };
}

/** The first `n` bars of a frame (a sorted frame's highest), e.g. for a wall's few bars. */
export function topBars(frame: BarsFrame, n: number): BarsFrame {
  return frame.bars.length <= n ? frame : { ...frame, bars: frame.bars.slice(0, n) };
}
