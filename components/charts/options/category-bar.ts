/** Horizontal bars, one per category (e.g. district), coloured by threshold. */
import { formatQuantity } from "@/lib/format/number";
import type { Locale } from "@/lib/i18n/locale";
import { pick } from "@/lib/i18n/locale";
import type { CategoryFrame, ChartOption, ChartTheme } from "../types";
import { baseOption, escapeHtml, thresholdLines, tooltipShell } from "./common";

/** The colour of a bar: the highest threshold it reaches, else the first series colour. */
export function barColour(value: number | null, frame: CategoryFrame, theme: ChartTheme): string {
  const normal = theme.series[0] ?? theme.text;
  if (value === null) return theme.muted;
  const crit = frame.thresholds?.find((t) => t.level === "critical");
  const warn = frame.thresholds?.find((t) => t.level === "warning");
  if (crit && value >= crit.value) return theme.critical;
  if (warn && value >= warn.value) return theme.warning;
  return normal;
}

export function categoryBarOption(frame: CategoryFrame, theme: ChartTheme, locale: Locale): ChartOption {
  const names = frame.categories.map((c) => pick(c.name, locale));
  return {
    ...baseOption(theme, pick(frame.title, locale)),
    // Room on the right for the value label of a full bar, in proportion to the type.
    grid: { left: 8, right: theme.fontSize * 4, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      ...tooltipShell(theme),
      trigger: "axis",
      axisPointer: { type: "shadow" },
      formatter: (params: unknown) => {
        const p = (Array.isArray(params) ? params[0] : params) as { dataIndex?: number } | undefined;
        const i = p?.dataIndex ?? 0;
        return `${escapeHtml(names[i] ?? "")}: <b>${escapeHtml(formatQuantity(frame.values[i] ?? null, frame.unit, locale).text)}</b>`;
      },
    },
    xAxis: {
      type: "value",
      max: frame.unit === "%" ? 100 : undefined,
      // Quarters of a percent scale: 0/25/50/75/100 (four automatic splits give 0/30/60/90 and a
      // "100%" crowding the "90%").
      interval: frame.unit === "%" ? 25 : undefined,
      splitNumber: 4,
      // A wall's bars carry their values: the scale's labels would only take the bars' height.
      axisLabel: { show: !theme.wall, color: theme.muted, fontSize: theme.fontSize, formatter: (v: number) => formatQuantity(v, frame.unit, locale).text },
      splitLine: { lineStyle: { color: theme.gridLine } },
    },
    yAxis: {
      type: "category",
      data: names,
      inverse: true,
      axisLine: { lineStyle: { color: theme.axisLine } },
      axisTick: { show: false },
      // Every district is named: skipping labels would leave bars nobody can attribute.
      axisLabel: { color: theme.text, fontSize: theme.fontSize, interval: 0 },
    },
    series: [
      {
        type: "bar",
        name: pick(frame.title, locale),
        barMaxWidth: 14 * theme.lineScale,
        data: frame.values.map((v) => ({ value: v, itemStyle: { color: barColour(v, frame, theme), borderRadius: 2 } })),
        label: {
          show: true,
          position: "right",
          color: theme.text,
          fontSize: theme.fontSize,
          formatter: (p: { value?: unknown }) =>
            formatQuantity(typeof p.value === "number" ? p.value : null, frame.unit, locale).text,
        },
        markLine: thresholdLines(frame.thresholds, theme, frame.unit, locale, "x"),
      },
    ],
  };
}
