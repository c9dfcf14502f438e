/**
 * The one bar chart: horizontal bars in one unit (districts, ranked assets, histogram bins),
 * coloured by the KPI's own levels in the direction that is bad, with a selected bar emphasised.
 * Pure: (frame, theme, locale, title) -> option, tested without a browser.
 */
import type { Bar, BarsFrame } from "@/lib/views/department/frames";
import { formatQuantity } from "@/lib/format/number";
import type { Locale } from "@/lib/i18n/locale";
import { pick } from "@/lib/i18n/locale";
import type { ChartOption, ChartTheme } from "../types";
import { baseOption, escapeHtml, levelAreas, levelReach, reachBounds, scaleUnit, thresholdLines, tooltipShell } from "./common";

/**
 * The status of a bar: a tone the frame chose (e.g. histogram bins past a standard) wins; else
 * the worst level it is past in the bad direction (above when lower is better, the default;
 * below when higher is better) — the same rule as the KPI's status on the map and in lists.
 */
export function barStatus(b: Pick<Bar, "value" | "tone">, frame: Pick<BarsFrame, "marks" | "better">): "ok" | "warning" | "critical" | "muted" {
  if (b.tone === "muted" || b.value === null) return "muted";
  if (b.tone) return b.tone;
  const v = b.value;
  const past = (m: { value: number }) => (frame.better === "higher" ? v <= m.value : v >= m.value);
  const crit = frame.marks?.find((m) => m.level === "critical");
  const warn = frame.marks?.find((m) => m.level === "warning");
  if (crit && past(crit)) return "critical";
  if (warn && past(warn)) return "warning";
  return "ok";
}

export function barColour(b: Pick<Bar, "value" | "tone">, frame: Pick<BarsFrame, "marks" | "better">, theme: ChartTheme): string {
  const s = barStatus(b, frame);
  return s === "muted" ? theme.muted : s === "critical" ? theme.critical : s === "warning" ? theme.warning : (theme.series[0] ?? theme.text);
}

export function barsOption(frame: BarsFrame, theme: ChartTheme, locale: Locale, title: string): ChartOption {
  const names = frame.bars.map((b) => pick(b.name, locale));
  const anySelected = frame.bars.some((b) => b.selected);
  // Axis numbers in the unit the bars' labels use (万千瓦 for MW in Chinese).
  const su = scaleUnit(frame.unit, locale);
  const reach = levelReach(frame.bars.map((b) => b.value), frame.marks, frame.better);
  return {
    ...baseOption(theme, title),
    // Room on the right for the value label of a full bar, in proportion to the type.
    grid: { left: 8, right: theme.fontSize * 4.5, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      ...tooltipShell(theme),
      trigger: "axis",
      axisPointer: { type: "shadow" },
      formatter: (params: unknown) => {
        const i = ((Array.isArray(params) ? params[0] : params) as { dataIndex?: number } | undefined)?.dataIndex ?? 0;
        return `${escapeHtml(names[i] ?? "")}: <b>${escapeHtml(formatQuantity(frame.bars[i]?.value ?? null, frame.unit, locale).text)}</b>`;
      },
    },
    xAxis: {
      type: "value",
      // Whole quarters on a percent scale (0/25/50/75/100, on to 125… when a value passes 100).
      // A level the bars come near is on the axis (reachBounds), its band drawn behind them.
      max: frame.percent ? (v: { max: number }) => Math.max(100, Math.ceil(Math.max(v.max, reach ?? 0) / 25) * 25) : reachBounds(reach, frame.better, frame.marks).max,
      interval: frame.percent ? 25 : undefined,
      splitNumber: 4,
      // Numbers only on the axis: the bars' own labels carry the unit (a unit on every tick makes
      // the ticks run into each other). A wall's bars carry their values: no scale at all.
      axisLabel: { show: !theme.wall, color: theme.muted, fontSize: theme.fontSize, hideOverlap: true, formatter: (v: number) => formatQuantity(su.of(v), null, locale).value },
      splitLine: { lineStyle: { color: theme.gridLine } },
    },
    yAxis: {
      type: "category",
      data: names,
      inverse: true,
      axisLine: { lineStyle: { color: theme.axisLine } },
      axisTick: { show: false },
      // Every bar is named: skipping labels would leave bars nobody can attribute.
      axisLabel: { color: theme.text, fontSize: theme.fontSize, interval: 0, width: theme.fontSize * 12.5, overflow: "truncate" },
    },
    series: [
      {
        type: "bar",
        name: title,
        barMaxWidth: 14 * theme.lineScale,
        // The whole band is clickable, not only the painted bar (a short bar is a small target).
        cursor: "pointer",
        data: frame.bars.map((b) => ({
          value: b.value,
          itemStyle: {
            color: barColour(b, frame, theme),
            opacity: anySelected && !b.selected ? 0.45 : 1,
            borderColor: b.selected ? theme.text : undefined,
            borderWidth: b.selected ? 1.5 : 0,
            borderRadius: 2,
          },
        })),
        label: {
          show: true,
          position: "right",
          color: theme.text,
          fontSize: theme.fontSize,
          formatter: (p: { value?: unknown }) => formatQuantity(typeof p.value === "number" ? p.value : null, frame.unit, locale).text,
        },
        markLine: thresholdLines(frame.marks, theme, frame.unit, locale, "x"),
        markArea: levelAreas(frame.marks, frame.better, theme, "x"),
      },
    ],
  };
}
