/** Line chart of one or more series through time (actual vs forecast), in city time. */
import { formatClock } from "@/lib/format/time";
import { formatQuantity } from "@/lib/format/number";
import type { Locale } from "@/lib/i18n/locale";
import { pick } from "@/lib/i18n/locale";
import type { ChartOption, ChartTheme, TimeSeriesFrame } from "../types";
import { baseOption, escapeHtml, thresholdLines, tooltipShell, valueAxis } from "./common";

const HOUR_STEPS = [1, 2, 3, 4, 6, 12, 24];

/**
 * Which axis labels to show: whole hours at a round interval (00:00, 06:00, 12:00 ...) so that
 * at most `maxLabels` appear; evenly spaced buckets when the buckets are not hour-aligned.
 */
export function axisLabelFilter(t: readonly string[], labels: readonly string[], maxLabels = 6): (index: number) => boolean {
  const first = Date.parse(t[0] ?? "");
  const last = Date.parse(t[t.length - 1] ?? "");
  const spanH = Number.isFinite(first) && Number.isFinite(last) ? (last - first) / 3_600_000 : 0;
  const every = HOUR_STEPS.find((n) => spanH / n <= maxLabels) ?? 24;
  const onHour = (i: number) => {
    const l = labels[i] ?? "";
    return l.endsWith(":00") && Number(l.slice(0, 2)) % every === 0;
  };
  if (labels.some((_, i) => onHour(i))) return onHour;
  const stride = Math.max(1, Math.ceil(labels.length / maxLabels));
  return (i) => i % stride === 0;
}

export function timeSeriesOption(frame: TimeSeriesFrame, theme: ChartTheme, locale: Locale): ChartOption {
  // A category axis labelled in city time: ECharts' time axis would use the viewer's zone.
  const labels = frame.t.map((t) => formatClock(t, frame.timezone, locale));
  let colourIndex = 0;
  const series = frame.series.map((s, i) => {
    const forecast = s.role === "forecast";
    const colour = forecast ? theme.forecast : (theme.series[colourIndex++ % theme.series.length] ?? theme.text);
    return {
      type: "line" as const,
      id: s.id,
      name: pick(s.name, locale),
      data: s.values,
      showSymbol: false,
      connectNulls: false,
      smooth: false,
      lineStyle: { color: colour, width: (forecast ? 1.5 : 2) * theme.lineScale, type: forecast ? ("dashed" as const) : ("solid" as const) },
      itemStyle: { color: colour },
      areaStyle: !forecast && i === 0 ? { color: colour, opacity: 0.08 } : undefined,
      markLine: i === 0 ? withMarks(thresholdLines(frame.thresholds, theme, frame.unit, locale), frame, theme, locale) : undefined,
    };
  });
  return {
    ...baseOption(theme, pick(frame.title, locale)),
    legend: {
      show: frame.series.length > 1 && !theme.wall,
      top: 0,
      right: 0,
      textStyle: { color: theme.muted, fontSize: theme.fontSize },
      itemWidth: 16 * theme.lineScale,
      itemHeight: 8 * theme.lineScale,
    },
    tooltip: {
      ...tooltipShell(theme),
      trigger: "axis",
      formatter: (params: unknown) => {
        const rows = Array.isArray(params) ? params : [params];
        const first = rows[0] as { dataIndex?: number } | undefined;
        const idx = first?.dataIndex ?? 0;
        const head = escapeHtml(labels[idx] ?? "");
        const body = rows
          .map((r) => {
            const p = r as { seriesName?: string; value?: number | null; color?: string };
            const v = formatQuantity(p.value ?? null, frame.unit, locale).text;
            return `<div><span style="color:${p.color ?? theme.text}">●</span> ${escapeHtml(p.seriesName ?? "")}: <b>${escapeHtml(v)}</b></div>`;
          })
          .join("");
        return `<div>${head}</div>${body}`;
      },
    },
    xAxis: {
      type: "category",
      data: labels,
      boundaryGap: false,
      axisLine: { lineStyle: { color: theme.axisLine } },
      axisTick: { show: false },
      axisLabel: { color: theme.muted, fontSize: theme.fontSize, hideOverlap: true, interval: axisLabelFilter(frame.t, labels) },
    },
    yAxis: valueAxis(theme, frame.unit, locale),
    series,
  };
}

/**
 * Adds the frame's vertical marks (e.g. "00:00" midnight in a rolling window) to the threshold
 * lines: a solid muted line at the mark's bucket with its label at the top.
 */
function withMarks(lines: ReturnType<typeof thresholdLines>, frame: TimeSeriesFrame, theme: ChartTheme, locale: Locale) {
  const at = (frame.marks ?? []).flatMap((m) => {
    const i = frame.t.indexOf(m.t);
    return i >= 0 ? [{ i, label: pick(m.label, locale) }] : [];
  });
  if (at.length === 0) return lines;
  const marks = at.map(({ i, label }) => ({
    // A category index: clock labels could repeat on a day with a daylight-saving change.
    xAxis: i,
    name: label,
    lineStyle: { color: theme.text, type: "solid" as const, width: theme.lineScale, opacity: 0.55 },
    // Horizontal above the plot: rotated text is hard to read across a room.
    label: { show: true, color: theme.text, formatter: label, position: "end" as const, fontSize: theme.fontSize - 1 },
  }));
  return {
    silent: true,
    symbol: "none",
    ...lines,
    data: [...(lines?.data ?? []), ...marks],
  };
}
