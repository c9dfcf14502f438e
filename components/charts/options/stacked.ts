/**
 * Stacked bars over categories (e.g. construction phases by district), with a selected category
 * emphasised. Pure: (frame, theme, locale, title) -> option.
 */
import type { StackedFrame } from "@/lib/views/department/frames";
import type { Locale } from "@/lib/i18n/locale";
import { pick } from "@/lib/i18n/locale";
import type { ChartOption, ChartTheme } from "../types";
import { baseOption, tooltipShell } from "./common";

export function stackedOption(frame: StackedFrame, theme: ChartTheme, locale: Locale, title: string): ChartOption {
  const names = frame.categories.map((c) => pick(c.name, locale));
  const anySelected = frame.categories.some((c) => c.selected);
  const palette = [theme.series[0], theme.warning, theme.series[2] ?? theme.forecast, theme.muted, theme.critical, theme.series[1]];
  return {
    ...baseOption(theme, title),
    grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
    legend: { show: true, top: 0, left: 0, textStyle: { color: theme.muted, fontSize: theme.fontSize }, itemWidth: 12, itemHeight: 8 },
    tooltip: { ...tooltipShell(theme), trigger: "axis", axisPointer: { type: "shadow" } },
    xAxis: {
      type: "category",
      data: names,
      axisLine: { lineStyle: { color: theme.axisLine } },
      axisTick: { show: false },
      axisLabel: {
        fontSize: theme.fontSize,
        interval: 0,
        rotate: names.length > 6 ? 35 : 0,
        color: theme.muted,
      },
    },
    yAxis: { type: "value", minInterval: 1, splitNumber: 4, axisLabel: { color: theme.muted, fontSize: theme.fontSize }, splitLine: { lineStyle: { color: theme.gridLine } } },
    series: frame.stacks.map((s, i) => ({
      type: "bar" as const,
      name: pick(s.name, locale),
      stack: "total",
      barMaxWidth: 22,
      cursor: "pointer",
      itemStyle: { color: palette[i % palette.length] ?? theme.text },
      data: s.values.map((v, j) => ({ value: v, itemStyle: { opacity: anySelected && !frame.categories[j]?.selected ? 0.45 : 1 } })),
    })),
  };
}
