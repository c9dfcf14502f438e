/**
 * Words for every chart: the one-sentence summary each figure carries for screen readers (and as
 * its tooltip), the "Peak … at …" line of peak trends, and the data as a formatted table (the
 * hidden table of overview and wall charts, the public pages' table). Pure, so the sentences are
 * tested.
 */
import { peakIndex, type BarsFrame, type StackedFrame, type TrendFrame } from "@/lib/views/department/frames";
import { formatQuantity } from "@/lib/format/number";
import { formatClock, formatDateTime } from "@/lib/format/time";
import type { Locale } from "@/lib/i18n/locale";
import { pick } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import { ot } from "@/lib/i18n/ops-messages";
import { scaleUnit } from "./options/common";
import { MULTI_DAY_MS } from "./options/trend";

/** A chart's data as text cells, for a `<table>` beside the figure. */
export interface ChartTable {
  caption: string;
  head: string[];
  rows: string[][];
}

const sep = (locale: Locale) => (locale === "zh" ? "；" : "; ");

/** "Title. part; part." — the closing stop left out when the last part already has one. */
function sentence(title: string, parts: readonly string[], locale: Locale): string {
  const body = parts.join(sep(locale));
  const stop = locale === "zh" ? "。" : ".";
  return `${title}${locale === "zh" ? "。" : ". "}${body}${/[.。]$/.test(body) ? "" : stop}`;
}

/** "No data for this period" without its own stop, to sit inside a list. */
const noData = (locale: Locale) => t(locale, "noData").replace(/[.。]$/, "");

/** A bucket time as the trend's axis shows it: clock within a day, date and clock beyond. */
function when(frame: Pick<TrendFrame, "t" | "timezone">, ts: string, locale: Locale): string {
  const first = frame.t[0];
  const last = frame.t[frame.t.length - 1];
  const span = first && last ? Date.parse(last) - Date.parse(first) : 0;
  return span > MULTI_DAY_MS ? formatDateTime(ts, frame.timezone, locale) : formatClock(ts, frame.timezone, locale);
}

/**
 * The window's peak of the first series (value and bucket start), or null without one: the
 * frame's own peak when it names one (-1: none wanted), else the highest value.
 */
export function trendPeak(frame: TrendFrame): { value: number; t: string } | null {
  const values = frame.series[0]?.values ?? [];
  const i = frame.peak ?? peakIndex(values);
  const value = values[i];
  const ts = frame.t[i];
  return i >= 0 && typeof value === "number" && ts ? { value, t: ts } : null;
}

/** "Peak 18,234 MW at 14:35" (zh "峰值 1.8万 MW，14:35"), or null when the window has no value. */
export function peakText(frame: TrendFrame, locale: Locale): string | null {
  const p = trendPeak(frame);
  return p ? ot(locale, "peakAt", { value: formatQuantity(p.value, frame.unit, locale).text, time: when(frame, p.t, locale) }) : null;
}

/**
 * "Load vs forecast, Futian. City: latest 17,900 MW (14:35); Forecast: latest …; Peak 18,234 MW
 * at 14:35." Each series by its newest value; the peak of the first.
 */
export function trendSummary(frame: TrendFrame, title: string, locale: Locale): string {
  const parts = frame.series.map((s) => {
    let i = s.values.length - 1;
    while (i >= 0 && (s.values[i] === null || s.values[i] === undefined)) i--;
    const ts = frame.t[i];
    if (i < 0 || !ts) return `${pick(s.name, locale)}: ${noData(locale)}`;
    return `${pick(s.name, locale)}: ${t(locale, "latest")} ${formatQuantity(s.values[i] ?? null, frame.unit, locale).text} (${when(frame, ts, locale)})`;
  });
  const peak = peakText(frame, locale);
  return sentence(title, [...parts, ...(peak ? [peak] : [])], locale);
}

/**
 * Bars in the order drawn (worst first for districts, the ranking's order for assets): the first
 * and the last bar with their values, the selected one, and how many there are.
 */
export function barsSummary(frame: BarsFrame, title: string, locale: Locale): string {
  const shown = frame.bars.filter((b) => b.value !== null);
  const first = shown[0];
  const last = shown[shown.length - 1];
  if (!first || !last) return sentence(title, [t(locale, "noData")], locale);
  const q = (b: BarsFrame["bars"][number]) => `${pick(b.name, locale)} ${formatQuantity(b.value, frame.unit, locale).text}`;
  const parts = [`${ot(locale, "summaryFirst")}: ${q(first)}`];
  if (last !== first) parts.push(`${ot(locale, "summaryLast")}: ${q(last)}`);
  const selected = frame.bars.find((b) => b.selected);
  if (selected && selected !== first && selected !== last) parts.push(`${ot(locale, "summarySelected")}: ${q(selected)}`);
  parts.push(ot(locale, "summaryCount", { n: frame.bars.length }));
  return sentence(title, parts, locale);
}

/** A histogram: how many values, the fullest bin, and the share within a standard if one is given. */
export function histogramSummary(frame: BarsFrame, title: string, locale: Locale, within: string | null): string {
  const total = frame.bars.reduce((n, b) => n + (b.value ?? 0), 0);
  let top: BarsFrame["bars"][number] | undefined;
  for (const b of frame.bars) if (b.value !== null && (!top || b.value > (top.value ?? -1))) top = b;
  if (!top || total === 0) return sentence(title, [t(locale, "noData")], locale);
  const parts = [ot(locale, "summaryValues", { n: total }), ot(locale, "summaryMostIn", { bin: pick(top.name, locale), n: top.value ?? 0 })];
  if (within) parts.push(within);
  return sentence(title, parts, locale);
}

/** Stacked counts: the total of each stack over all categories, and the grand total. */
export function stackedSummary(frame: StackedFrame, title: string, locale: Locale): string {
  const totals = frame.stacks.map((s) => ({ name: pick(s.name, locale), n: s.values.reduce((a, b) => a + b, 0) }));
  const all = totals.reduce((a, b) => a + b.n, 0);
  if (all === 0) return sentence(title, [t(locale, "noData")], locale);
  const unit = frame.unit && frame.unit !== "1" ? frame.unit : null;
  const n = (v: number) => (unit ? formatQuantity(v, unit, locale).text : formatQuantity(v, null, locale).text);
  return sentence(title, [...totals.map((x) => `${x.name} ${n(x.n)}`), `${ot(locale, "summaryTotal")} ${n(all)}`], locale);
}

/** A trend as text cells: bucket time as its axis shows it, each series' value (slots with no value left out). */
export function trendChartTable(frame: TrendFrame, title: string, locale: Locale): ChartTable {
  const su = scaleUnit(frame.unit, locale);
  const unit = su.name ? ` (${su.name})` : "";
  return {
    caption: title,
    head: [t(locale, "time"), ...frame.series.map((s) => `${pick(s.name, locale)}${unit}`)],
    // Slots without any value (a "today" chart's hours still ahead) are no rows of the table.
    rows: frame.t.flatMap((ts, i) =>
      frame.series.every((s) => (s.values[i] ?? null) === null)
        ? []
        : [[when(frame, ts, locale), ...frame.series.map((s) => formatQuantity(scaled(su, s.values[i]), null, locale).text)]],
    ),
  };
}

/** Bars as text cells: the bar's name and its value. */
export function barsChartTable(frame: BarsFrame, title: string, locale: Locale): ChartTable {
  const su = scaleUnit(frame.unit, locale);
  const unit = su.name ? ` (${su.name})` : "";
  return {
    caption: title,
    head: [t(locale, "district"), `${title}${unit}`],
    rows: frame.bars.map((b) => [pick(b.name, locale), formatQuantity(scaled(su, b.value), null, locale).text]),
  };
}

/** A value in the table's unit (`scaleUnit`: 万千瓦 for MW in Chinese); missing stays missing. */
function scaled(su: ReturnType<typeof scaleUnit>, v: number | null | undefined): number | null {
  return v === null || v === undefined ? null : su.of(v);
}
