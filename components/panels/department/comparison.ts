/**
 * The department view's chosen comparison as words and as a time: what every delta label of the
 * page says it compares with ("+4.1% vs last week"), in the strip, the trends and the exports.
 * Pure and tested beside.
 */
import type { TrendFrame } from "@/lib/views/department/frames";
import type { DepartmentViewState } from "@/lib/views/department/view-state";
import { formatQuantity } from "@/lib/format/number";
import type { Locale } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import { ot } from "@/lib/i18n/ops-messages";

/**
 * "vs last week", "vs previous period", or "vs yesterday" — the latter both without a chosen
 * comparison (the KPIs' own `previous` is the same time yesterday) and for "previous period" on
 * the live day view, whose previous period is yesterday.
 */
export function comparisonLabel(state: Pick<DepartmentViewState, "compare" | "range">, locale: Locale): string {
  if (state.compare === "week") return ot(locale, "vsLastWeek");
  if (state.compare === "previous" && state.range !== "live") return ot(locale, "vsPreviousPeriod");
  return t(locale, "vsYesterday");
}

/**
 * The instant to compare the view's moment with (ms), or null when the KPIs' own `previous`
 * already is the comparison: the cursor (or now) moved back by the comparison's shift.
 */
export function comparisonAt(state: Pick<DepartmentViewState, "compare" | "range">, momentMs: number, shiftMs: number): number | null {
  if (state.compare === "none" || shiftMs === 0) return null;
  if (state.compare === "previous" && state.range === "live") return null;
  return momentMs - shiftMs;
}

/** The change of `value` against `previous` in percent, or null when there is nothing to compare. */
export function changePercent(value: number | null | undefined, previous: number | null | undefined): number | null {
  if (value === null || value === undefined || previous === null || previous === undefined || previous === 0) return null;
  return ((value - previous) / Math.abs(previous)) * 100;
}

/** "▲ 4.1%" / "▼ 0.8%" / "±0%", and whether the change is good for a measure where `better` is higher or lower. */
export function changeText(pct: number | null, better: "higher" | "lower", locale: Locale): { text: string; good: boolean | null } | null {
  if (pct === null) return null;
  if (Math.abs(pct) < 0.05) return { text: "±0%", good: null };
  const up = pct > 0;
  return { text: `${up ? "▲" : "▼"} ${formatQuantity(Math.abs(pct), "%", locale, { digits: 1 }).text}`, good: better === "higher" ? up : !up };
}

/**
 * The trend's newest actual value against the comparison series at the same bucket, in percent:
 * what the trend's note says ("▲ 4.1% vs last week"). Null without both values.
 */
export function trendChangePercent(frame: Pick<TrendFrame, "series">): number | null {
  const actual = frame.series.find((s) => s.role === "actual");
  const compare = frame.series.find((s) => s.role === "compare");
  if (!actual || !compare) return null;
  for (let i = actual.values.length - 1; i >= 0; i--) {
    const v = actual.values[i];
    if (v !== null && v !== undefined) return changePercent(v, compare.values[i]);
  }
  return null;
}
