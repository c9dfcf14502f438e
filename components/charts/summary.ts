/**
 * Text alternatives of charts: a one-sentence summary for screen readers and people who cannot
 * read the plot, and the full data as table rows. Pure, so the words are tested.
 */
import { formatQuantity } from "@/lib/format/number";
import { formatClock } from "@/lib/format/time";
import type { Locale } from "@/lib/i18n/locale";
import { pick } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import type { CategoryFrame, TimeSeriesFrame } from "./types";

export interface ChartTable {
  caption: string;
  head: string[];
  rows: string[][];
}

function lastIndex(values: (number | null)[]): number {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null && values[i] !== undefined) return i;
  return -1;
}

function maxIndex(values: (number | null)[]): number {
  let best = -1;
  values.forEach((v, i) => {
    if (v !== null && (best < 0 || v > (values[best] ?? -Infinity))) best = i;
  });
  return best;
}

export function summarizeTimeSeries(frame: TimeSeriesFrame, locale: Locale): string {
  const q = (v: number | null | undefined) => formatQuantity(v ?? null, frame.unit, locale).text;
  const at = (i: number) => formatClock(frame.t[i] ?? "", frame.timezone, locale);
  const parts = frame.series.map((s) => {
    const li = lastIndex(s.values);
    if (li < 0) return `${pick(s.name, locale)}: ${t(locale, "noData")}`;
    const mi = maxIndex(s.values);
    const sep = locale === "zh" ? "，" : ", ";
    return `${pick(s.name, locale)}: ${t(locale, "latest")} ${q(s.values[li])} (${at(li)})${sep}${t(locale, "peak")} ${q(s.values[mi])} (${at(mi)})`;
  });
  return `${pick(frame.title, locale)}. ${parts.join(locale === "zh" ? "；" : "; ")}.`;
}

export function tableOfTimeSeries(frame: TimeSeriesFrame, locale: Locale): ChartTable {
  const unit = frame.unit && frame.unit !== "1" ? ` (${frame.unit})` : "";
  return {
    caption: pick(frame.title, locale),
    head: [t(locale, "time"), ...frame.series.map((s) => `${pick(s.name, locale)}${unit}`)],
    // Slots without any value (a "today" chart's hours still ahead) are no rows of the table.
    rows: frame.t.flatMap((ts, i) =>
      frame.series.every((s) => (s.values[i] ?? null) === null)
        ? []
        : [[formatClock(ts, frame.timezone, locale), ...frame.series.map((s) => formatQuantity(s.values[i] ?? null, null, locale).text)]],
    ),
  };
}

export function summarizeCategories(frame: CategoryFrame, locale: Locale): string {
  const q = (v: number | null | undefined) => formatQuantity(v ?? null, frame.unit, locale).text;
  const mi = maxIndex(frame.values);
  if (mi < 0) return `${pick(frame.title, locale)}. ${t(locale, "noData")}`;
  let lo = -1;
  frame.values.forEach((v, i) => {
    if (v !== null && (lo < 0 || v < (frame.values[lo] ?? Infinity))) lo = i;
  });
  const name = (i: number) => (frame.categories[i] ? pick(frame.categories[i].name, locale) : "");
  return `${pick(frame.title, locale)}. ${t(locale, "max")}: ${name(mi)} ${q(frame.values[mi])}; ${t(locale, "min")}: ${name(lo)} ${q(frame.values[lo])}.`;
}

export function tableOfCategories(frame: CategoryFrame, locale: Locale): ChartTable {
  const unit = frame.unit && frame.unit !== "1" ? ` (${frame.unit})` : "";
  return {
    caption: pick(frame.title, locale),
    head: [t(locale, "district"), `${pick(frame.title, locale)}${unit}`],
    rows: frame.categories.map((c, i) => [pick(c.name, locale), formatQuantity(frame.values[i] ?? null, null, locale).text]),
  };
}
