/** Pieces shared by the option builders: axis styling, tooltip shell, threshold lines. */
import { formatQuantity } from "@/lib/format/number";
import type { Locale } from "@/lib/i18n/locale";
import { pick } from "@/lib/i18n/locale";
import type { Mark } from "@/lib/views/department/frames";
import type { ChartOption, ChartTheme } from "../types";

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function baseOption(theme: ChartTheme, ariaLabel: string): ChartOption {
  return {
    // Charts update every few seconds on walls: no animation, so nothing flickers or lags.
    animation: false,
    backgroundColor: "transparent",
    textStyle: { color: theme.text, fontFamily: theme.fontFamily, fontSize: theme.fontSize },
    aria: { enabled: true, label: { description: ariaLabel } },
    // Room above the plot for the legend and a threshold label at the top of the scale, in
    // proportion to the type (a fixed 36 px let them overlap on a 4K wall, where type doubles).
    // A wall has no legend (its titles name the series): room for the unit name and labels only.
    grid: { left: 8, right: 16 * theme.lineScale, top: theme.fontSize * (theme.wall ? 1.3 : 3), bottom: 8, containLabel: true },
  };
}

export function valueAxis(theme: ChartTheme, unit: string, locale: Locale) {
  return {
    type: "value" as const,
    // A wall's chart titles carry the unit: the name row above the plot is room it lacks.
    name: unit && unit !== "1" && !theme.wall ? unit : "",
    nameTextStyle: { color: theme.muted, align: "left" as const, fontSize: theme.fontSize },
    scale: true,
    splitNumber: theme.wall ? 2 : 4,
    axisLabel: {
      color: theme.muted,
      fontSize: theme.fontSize,
      formatter: (v: number) => formatQuantity(v, null, locale).value,
    },
    splitLine: { lineStyle: { color: theme.gridLine } },
  };
}

export function tooltipShell(theme: ChartTheme) {
  return {
    backgroundColor: theme.tooltipBg,
    borderColor: theme.tooltipBorder,
    textStyle: { color: theme.text, fontFamily: theme.fontFamily, fontSize: theme.fontSize },
    confine: true,
  };
}

/** Dashed threshold lines across the value axis (`y` for line charts, `x` for horizontal bars). */
export function thresholdLines(
  thresholds: readonly Mark[] | undefined,
  theme: ChartTheme,
  unit: string,
  locale: Locale,
  axis: "x" | "y" = "y",
) {
  if (!thresholds || thresholds.length === 0) return undefined;
  return {
    silent: true,
    symbol: "none",
    data: thresholds.map((th) => ({
      ...(axis === "y" ? { yAxis: th.value } : { xAxis: th.value }),
      name: pick(th.label, locale),
      lineStyle: {
        color: th.level === "critical" ? theme.critical : th.level === "warning" ? theme.warning : theme.muted,
        type: "dashed" as const,
        width: theme.lineScale,
      },
      label: {
        // Vertical threshold lines of bar charts end on the axis labels; their colour says enough.
        // So do a wall's (its KPI tiles name the state in words; small charts had labels overlap).
        show: axis === "y" && !theme.wall,
        color: th.level === "critical" ? theme.critical : th.level === "warning" ? theme.warning : theme.muted,
        formatter: `${pick(th.label, locale)} ${formatQuantity(th.value, unit, locale).text}`,
        position: axis === "y" ? ("insideEndTop" as const) : ("end" as const),
        fontSize: theme.fontSize - 1,
      },
    })),
  };
}
