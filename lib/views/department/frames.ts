/**
 * The one family of chart frames (trend, bars, stacked) that every chart draws — overview, wall,
 * department, district, asset and public pages — and the builders of the department panels: API
 * answers -> a frame the option builders draw and a table that is at once the accessible data
 * table and the CSV export (raw numbers as the API returned them, ISO times), so the chart, the
 * table and the file can never disagree. Pure and client-safe; tested beside.
 */
import type { DistrictValuesResponse, RankResponse, SeriesResponse } from "@/lib/twin-client/schemas";
import type { LocalizedText } from "@/lib/twin/types";

/** A value line of a chart (a KPI's warning or critical level, a target or standard). */
export interface Mark {
  level: "warning" | "critical" | "target";
  value: number;
  label: LocalizedText;
}

export interface Bar {
  id: string;
  name: LocalizedText;
  value: number | null;
  /** Drawn emphasised (the selected district or asset). */
  selected?: boolean;
  /** Status colour of the bar; default by thresholds. */
  tone?: "ok" | "warning" | "critical" | "muted";
}

/** Horizontal bars in one unit, top to bottom. */
export interface BarsFrame {
  kind: "bars";
  unit: string;
  bars: Bar[];
  /** Value lines (thresholds, standards). */
  marks?: Mark[];
  /** Bars are categories on a value axis starting at 0 up to 100 for percentages. */
  percent?: boolean;
  /** Which way is good, for colouring bars past a mark (default: lower is better). */
  better?: "higher" | "lower";
}

export interface TrendSeries {
  id: string;
  name: LocalizedText;
  values: (number | null)[];
  /**
   * "forecast" is drawn dashed and muted so it never reads as measured; "compare" (the chosen
   * comparison period, shifted onto the window) dotted in its own colour, so it never reads as
   * a forecast.
   */
  role: "actual" | "forecast" | "compare";
}

/** Series over the same buckets (compare series already shifted onto the window's buckets). */
export interface TrendFrame {
  kind: "trend";
  unit: string;
  timezone: string;
  /** Bucket starts, ISO 8601. */
  t: string[];
  series: TrendSeries[];
  /** Value lines (the KPI's levels), drawn over their warning / critical bands. */
  marks?: Mark[];
  /** Which way is good, for the side of each level its band lies on (default: lower is better). */
  better?: "higher" | "lower";
  /** Labelled vertical lines at bucket times (e.g. midnight in a rolling 24-hour window). */
  times?: { t: string; label: LocalizedText }[];
  /** The time cursor (ISO), drawn as a vertical line at its bucket. */
  cursor?: string | null;
  /** Index of the window's peak of the first series to mark with a dot; absent or -1 for none. */
  peak?: number;
}

/** Bars stacked by series over categories (e.g. phases by district). */
export interface StackedFrame {
  kind: "stacked";
  unit: string;
  categories: { id: string; name: LocalizedText; selected?: boolean }[];
  stacks: { id: string; name: LocalizedText; values: number[] }[];
}

export type PanelFrameData = BarsFrame | TrendFrame | StackedFrame;

/** A panel's data as rows: the accessible table and the CSV file. */
export interface DataTable {
  /** Column names (English, machine-friendly for CSV: unit in brackets). */
  head: LocalizedText[];
  /** Cells: strings and numbers as the API gave them (numbers unrounded). */
  rows: (string | number | null)[][];
}

const L = (en: string, zh: string): LocalizedText => ({ en, zh });

/** The index of the highest non-null value, or -1. */
export function peakIndex(values: readonly (number | null)[]): number {
  let best = -1;
  values.forEach((v, i) => {
    if (v !== null && (best < 0 || v > (values[best] ?? -Infinity))) best = i;
  });
  return best;
}

/**
 * A trend: the window's series, an optional overlay (forecast) and comparison series moved forward
 * by `shiftMs` onto the window's buckets (bucket by bucket, so a gap stays a gap).
 */
export function trendFrame(args: {
  main: SeriesResponse | undefined;
  overlay?: { res: SeriesResponse | undefined; name: LocalizedText };
  compare?: { res: SeriesResponse | undefined; name: LocalizedText; shiftMs: number };
  name: LocalizedText;
  agg: string;
  timezone: string;
  cursor: Date | null;
}): { frame: TrendFrame; table: DataTable } | null {
  const s = args.main?.series[0];
  if (!s) return null;
  const values = s.values[args.agg as keyof typeof s.values] ?? [];
  const series: TrendSeries[] = [{ id: s.id, name: args.name, values, role: "actual" }];
  const onto = (res: SeriesResponse | undefined, shiftMs: number): (number | null)[] => {
    const other = res?.series[0];
    if (!other) return s.t.map(() => null);
    const vals = other.values[args.agg as keyof typeof other.values] ?? other.values.avg ?? [];
    const byTime = new Map(other.t.map((t, i) => [Date.parse(t) + shiftMs, vals[i] ?? null]));
    return s.t.map((t) => byTime.get(Date.parse(t)) ?? null);
  };
  if (args.overlay) series.push({ id: "overlay", name: args.overlay.name, values: onto(args.overlay.res, 0), role: "forecast" });
  if (args.compare) series.push({ id: "compare", name: args.compare.name, values: onto(args.compare.res, args.compare.shiftMs), role: "compare" });
  let cursor: string | null = null;
  if (args.cursor) {
    const c = args.cursor.getTime();
    // The bucket holding the cursor.
    for (let i = s.t.length - 1; i >= 0; i--) {
      if (Date.parse(s.t[i]!) <= c) {
        cursor = s.t[i]!;
        break;
      }
    }
  }
  const frame: TrendFrame = { kind: "trend", unit: s.unit.symbol, timezone: args.timezone, t: s.t, series, cursor, peak: peakIndex(values) };
  return { frame, table: trendTable(frame) };
}

/** A trend's rows: bucket start (ISO) and each series' value, unit in the column names. */
export function trendTable(frame: Pick<TrendFrame, "unit" | "t" | "series">): DataTable {
  const unit = frame.unit && frame.unit !== "1" ? ` [${frame.unit}]` : "";
  return {
    head: [L("time", "时间"), ...frame.series.map((x) => ({ en: `${x.name.en}${unit}`, zh: `${x.name.zh}${unit}` }))],
    rows: frame.t.map((t, i) => [t, ...frame.series.map((x) => x.values[i] ?? null)]),
  };
}

/**
 * Bars per district at the cursor, worst first (`better` decides what worst is); the selected
 * district is emphasised.
 */
export function districtBars(res: DistrictValuesResponse | undefined, better: "higher" | "lower", selected: string | null): { frame: BarsFrame; table: DataTable } | null {
  if (!res) return null;
  const dir = better === "lower" ? -1 : 1;
  const sorted = [...res.districts].sort((a, b) => {
    if (a.value === null) return 1;
    if (b.value === null) return -1;
    return dir * (a.value - b.value);
  });
  const unit = res.metric.unit.symbol;
  const frame: BarsFrame = {
    kind: "bars",
    unit,
    percent: unit === "%",
    better,
    bars: sorted.map((d) => ({ id: d.id, name: d.name, value: d.value, selected: d.id === selected, tone: d.value === null ? "muted" : undefined })),
  };
  const u = unit ? ` [${unit}]` : "";
  const table: DataTable = {
    head: [L("district", "区"), { en: `${res.metric.name.en}${u}`, zh: `${res.metric.name.zh}${u}` }, L("as of", "数据时间")],
    rows: sorted.map((d) => [d.id, d.value, d.asOf]),
  };
  return { frame, table };
}

/** Ranked assets as bars (names) and rows (ids, districts, raw value, time). */
export function rankBars(res: RankResponse | undefined, selected: string | null, label: LocalizedText): { frame: BarsFrame; table: DataTable } | null {
  if (!res) return null;
  const unit = res.unit.symbol;
  const frame: BarsFrame = {
    kind: "bars",
    unit,
    percent: unit === "%",
    bars: res.items.map((i) => ({ id: i.assetId, name: i.name, value: i.value, selected: i.assetId === selected, tone: i.stale ? "muted" : undefined })),
  };
  const u = unit ? ` [${unit}]` : "";
  const table: DataTable = {
    head: [L("asset", "设施"), L("name", "名称"), L("district", "区"), { en: `${label.en}${u}`, zh: `${label.zh}${u}` }, L("observed", "观测值"), L("time", "时间")],
    rows: res.items.map((i) => [i.assetId, i.name.en, i.district, i.value, i.raw, i.t]),
  };
  return { frame, table };
}

/**
 * Histogram bins of `width` over the ranked values (all assets of a type at the cursor). Bins that
 * start at or past `limit` (a standard such as a 12-minute response) are drawn in the warning tone:
 * on a binned axis the standard is a bin edge, so the colour marks it rather than a line.
 */
export function histogram(res: RankResponse | undefined, width: number, limit?: number): { frame: BarsFrame; table: DataTable; within: (limit: number) => number } | null {
  if (!res) return null;
  const values = res.items.map((i) => i.value);
  const max = values.length ? Math.max(...values) : 0;
  const n = Math.max(1, Math.ceil((max + 1e-9) / width));
  const counts = new Array<number>(n).fill(0);
  for (const v of values) counts[Math.min(n - 1, Math.max(0, Math.floor(v / width)))]! += 1;
  const unit = res.unit.symbol;
  const label = (i: number) => `${i * width}–${(i + 1) * width}${unit ? ` ${unit}` : ""}`;
  const past = (i: number) => limit !== undefined && i * width >= limit;
  const frame: BarsFrame = {
    kind: "bars",
    unit: "",
    bars: counts.map((c, i) => ({ id: String(i), name: { en: label(i), zh: label(i) }, value: c, ...(past(i) ? { tone: "warning" as const } : {}) })),
  };
  const table: DataTable = {
    head: [L(`from [${unit}]`, `起 [${unit}]`), L(`to [${unit}]`, `止 [${unit}]`), L("count", "数量")],
    rows: counts.map((c, i) => [i * width, (i + 1) * width, c]),
  };
  return { frame, table, within: (limit) => (values.length ? values.filter((v) => v <= limit).length / values.length : 0) };
}

/**
 * Sums (or averages) of a ranked datastream over groups named by an asset property; a
 * comma-separated property puts an asset in each of its groups (a transfer station serves each line).
 */
export function groupBars(res: RankResponse | undefined, groupBy: string, agg: "sum" | "avg", name: (group: string) => LocalizedText): { frame: BarsFrame; table: DataTable } | null {
  if (!res) return null;
  const acc = new Map<string, { sum: number; n: number }>();
  for (const i of res.items) {
    const raw = i.properties[groupBy];
    if (raw === null || raw === undefined) continue;
    for (const g of String(raw).split(",").map((x) => x.trim()).filter(Boolean)) {
      const a = acc.get(g) ?? { sum: 0, n: 0 };
      a.sum += i.value;
      a.n += 1;
      acc.set(g, a);
    }
  }
  const rows = [...acc.entries()].map(([g, a]) => ({ g, v: agg === "sum" ? a.sum : a.sum / a.n, n: a.n })).sort((a, b) => b.v - a.v || a.g.localeCompare(b.g, "en", { numeric: true }));
  const unit = res.unit.symbol;
  return {
    frame: { kind: "bars", unit, bars: rows.map((r) => ({ id: r.g, name: name(r.g), value: r.v })) },
    table: { head: [L(groupBy, groupBy), L(`${agg} [${unit}]`, `${agg === "sum" ? "合计" : "平均"} [${unit}]`), L("assets", "设施数")], rows: rows.map((r) => [r.g, r.v, r.n]) },
  };
}

interface AssetLike {
  id: string;
  district: string;
  properties: Record<string, string | number | boolean | null>;
}

/** Counts of assets by a property value, stacked by district (districts in `districts` order). */
export function breakdown(
  assets: readonly AssetLike[] | undefined,
  by: string,
  order: readonly string[] | undefined,
  districts: readonly { id: string; name: LocalizedText }[],
  selected: string | null,
  valueName: (v: string) => LocalizedText,
): { frame: StackedFrame; table: DataTable } | null {
  if (!assets) return null;
  const seen = new Set(assets.map((a) => String(a.properties[by] ?? "")));
  const values = [...(order ?? []).filter((v) => seen.has(v)), ...[...seen].filter((v) => !(order ?? []).includes(v)).sort()];
  const used = districts.filter((d) => assets.some((a) => a.district === d.id));
  const count = (d: string, v: string) => assets.filter((a) => a.district === d && String(a.properties[by] ?? "") === v).length;
  const frame: StackedFrame = {
    kind: "stacked",
    unit: "",
    categories: used.map((d) => ({ id: d.id, name: d.name, selected: d.id === selected })),
    stacks: values.map((v) => ({ id: v, name: valueName(v), values: used.map((d) => count(d.id, v)) })),
  };
  const table: DataTable = {
    head: [L("district", "区"), ...values.map((v) => valueName(v))],
    rows: used.map((d) => [d.id, ...values.map((v) => count(d.id, v))]),
  };
  return { frame, table };
}

export interface ScheduleRow {
  id: string;
  district: string;
  planned: number;
  reported: number;
  /** reported - planned, percentage points. */
  gap: number;
}

/** Tolerance (percentage points) before a site counts as behind or ahead of plan. */
export const SCHEDULE_TOLERANCE = 10;

/**
 * Planned progress at `at` = elapsed share of [startDate, plannedEnd]; compared with the reported
 * progress of the permit record. Sites still in planning are left out.
 */
export function scheduleAdherence(assets: readonly AssetLike[] | undefined, at: Date): ScheduleRow[] | null {
  if (!assets) return null;
  const out: ScheduleRow[] = [];
  for (const a of assets) {
    const p = a.properties;
    if (p.phase === "planning") continue;
    const start = Date.parse(String(p.startDate ?? ""));
    const end = Date.parse(String(p.plannedEnd ?? ""));
    const reported = typeof p.progressPct === "number" ? p.progressPct : Number.NaN;
    if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start || !Number.isFinite(reported)) continue;
    const planned = Math.min(100, Math.max(0, (100 * (at.getTime() - start)) / (end - start)));
    out.push({ id: a.id, district: a.district, planned, reported, gap: reported - planned });
  }
  return out.sort((x, y) => x.gap - y.gap || (x.id < y.id ? -1 : 1));
}

/** Counts behind / on time / ahead per district, as stacks. */
export function scheduleFrame(
  rows: readonly ScheduleRow[] | null,
  districts: readonly { id: string; name: LocalizedText }[],
  selected: string | null,
): { frame: StackedFrame; table: DataTable } | null {
  if (!rows) return null;
  const cls = (g: number) => (g < -SCHEDULE_TOLERANCE ? "behind" : g > SCHEDULE_TOLERANCE ? "ahead" : "onTime");
  const kinds = [
    { id: "behind", name: L("Behind plan", "落后计划") },
    { id: "onTime", name: L("On plan", "按计划") },
    { id: "ahead", name: L("Ahead of plan", "超前计划") },
  ];
  const used = districts.filter((d) => rows.some((r) => r.district === d.id));
  const count = (d: string, k: string) => rows.filter((r) => r.district === d && cls(r.gap) === k).length;
  return {
    frame: {
      kind: "stacked",
      unit: "",
      categories: used.map((d) => ({ id: d.id, name: d.name, selected: d.id === selected })),
      stacks: kinds.map((k) => ({ ...k, values: used.map((d) => count(d.id, k.id)) })),
    },
    table: {
      head: [L("site", "工地"), L("district", "区"), L("planned [%]", "计划进度 [%]"), L("reported [%]", "上报进度 [%]"), L("gap [pp]", "差距 [百分点]")],
      rows: rows.map((r) => [r.id, r.district, r.planned, r.reported, r.gap]),
    },
  };
}

/** The `n` sites furthest behind plan (more than the tolerance), worst first. */
export function mostBehind(rows: readonly ScheduleRow[] | null, n = 5): ScheduleRow[] {
  return (rows ?? [])
    .filter((r) => r.gap < -SCHEDULE_TOLERANCE)
    .sort((x, y) => x.gap - y.gap || (x.id < y.id ? -1 : 1))
    .slice(0, n);
}
