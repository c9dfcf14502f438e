/**
 * Option builders of the department panels: a trend with forecast and comparison overlays, a time
 * cursor and its peak (drawn when `frame.peak` is an index, -1 draws none); horizontal bars with a
 * selected bar; stacked bars. Pure: (frame, theme, locale) -> option, tested without a browser.
 */
import type { BarsFrame, StackedFrame, TrendFrame } from "@/lib/domains/department/frames";
import { formatQuantity } from "@/lib/format/number";
import { formatClock, formatDateTime } from "@/lib/format/time";
import type { Locale } from "@/lib/i18n/locale";
import { pick } from "@/lib/i18n/locale";
import type { ChartOption, ChartTheme, Threshold } from "../types";
import { baseOption, escapeHtml, thresholdLines, tooltipShell, valueAxis } from "./common";
import { axisLabelFilter } from "./time-series";

/** Bucket labels in city time: clock only within a day, date and clock over longer windows. */
export function bucketLabels(t: readonly string[], timezone: string, locale: Locale): string[] {
  const span = t.length > 1 ? Date.parse(t[t.length - 1]!) - Date.parse(t[0]!) : 0;
  return span > 36 * 3_600_000 ? t.map((x) => formatDateTime(x, timezone, locale)) : t.map((x) => formatClock(x, timezone, locale));
}

function marksOf(frame: { marks?: { value: number; label: { en: string; zh: string }; level: Threshold["level"] }[] }): Threshold[] | undefined {
  return frame.marks?.map((m) => ({ level: m.level, value: m.value, label: m.label }));
}

export function trendOption(frame: TrendFrame, theme: ChartTheme, locale: Locale): ChartOption {
  const labels = bucketLabels(frame.t, frame.timezone, locale);
  const long = labels.some((l) => !/^\d\d:\d\d$/.test(l));
  const cursorIndex = frame.cursor ? frame.t.indexOf(frame.cursor) : -1;
  const main = theme.series[0] ?? theme.text;
  const peakRaw = frame.peak >= 0 ? frame.series[0]?.values[frame.peak] : null;
  const peakValue = typeof peakRaw === "number" ? peakRaw : null;
  const series = frame.series.map((s, i) => {
    const colour = s.role === "actual" ? main : s.role === "forecast" ? theme.forecast : theme.muted;
    const markLineData = [
      ...(i === 0 ? (thresholdLines(marksOf(frame), theme, frame.unit, locale)?.data ?? []) : []),
      ...(i === 0 && cursorIndex >= 0
        ? [
            {
              xAxis: cursorIndex,
              name: "cursor",
              lineStyle: { color: theme.text, type: "solid" as const, width: 1.5 },
              label: { show: true, color: theme.text, formatter: labels[cursorIndex] ?? "", position: "end" as const, fontSize: theme.fontSize - 1 },
            },
          ]
        : []),
    ];
    return {
      type: "line" as const,
      id: s.id,
      name: pick(s.name, locale),
      data: s.values,
      showSymbol: false,
      connectNulls: false,
      lineStyle: { color: colour, width: s.role === "actual" ? 2 : 1.5, type: s.role === "actual" ? ("solid" as const) : ("dashed" as const) },
      itemStyle: { color: colour },
      areaStyle: s.role === "actual" ? { color: colour, opacity: 0.08 } : undefined,
      markLine: markLineData.length ? { silent: true, symbol: "none", data: markLineData } : undefined,
      markPoint: i === 0 && peakValue !== null ? peakPoint(frame.peak, peakValue, colour, theme) : undefined,
    };
  });
  return {
    ...baseOption(theme, frame.series.map((s) => pick(s.name, locale)).join(", ")),
    legend: { show: frame.series.length > 1, top: 0, right: 0, textStyle: { color: theme.muted, fontSize: theme.fontSize }, itemWidth: 16, itemHeight: 8 },
    tooltip: {
      ...tooltipShell(theme),
      trigger: "axis",
      formatter: (params: unknown) => {
        const rows = Array.isArray(params) ? params : [params];
        const idx = (rows[0] as { dataIndex?: number } | undefined)?.dataIndex ?? 0;
        const body = rows
          .map((r) => {
            const p = r as { seriesName?: string; value?: number | null; color?: string };
            return `<div><span style="color:${p.color ?? theme.text}">●</span> ${escapeHtml(p.seriesName ?? "")}: <b>${escapeHtml(formatQuantity(p.value ?? null, frame.unit, locale).text)}</b></div>`;
          })
          .join("");
        return `<div>${escapeHtml(labels[idx] ?? "")}</div>${body}`;
      },
    },
    xAxis: {
      type: "category",
      data: labels,
      boundaryGap: false,
      axisLine: { lineStyle: { color: theme.axisLine } },
      axisTick: { show: false },
      axisLabel: {
        color: theme.muted,
        fontSize: theme.fontSize,
        hideOverlap: true,
        interval: long ? Math.max(0, Math.ceil(labels.length / 5) - 1) : axisLabelFilter(frame.t, labels),
      },
    },
    yAxis: valueAxis(theme, frame.unit, locale),
    series,
  };
}

/** A dot on the first series at the window's peak (the panel's header names value and time). */
function peakPoint(index: number, value: number, colour: string, theme: ChartTheme) {
  return {
    silent: true,
    symbol: "circle",
    symbolSize: 8,
    itemStyle: { color: colour, borderColor: theme.text, borderWidth: 1.5 },
    label: { show: false },
    data: [{ name: "peak", coord: [index, value] }],
  };
}

export function barsOption(frame: BarsFrame, theme: ChartTheme, locale: Locale, title: string): ChartOption {
  const names = frame.bars.map((b) => pick(b.name, locale));
  const anySelected = frame.bars.some((b) => b.selected);
  const colour = (b: BarsFrame["bars"][number]): string => {
    if (b.tone === "muted" || b.value === null) return theme.muted;
    // A tone the frame chose (e.g. histogram bins past a standard) wins over the marks.
    if (b.tone === "critical") return theme.critical;
    if (b.tone === "warning") return theme.warning;
    const crit = frame.marks?.find((m) => m.level === "critical");
    const warn = frame.marks?.find((m) => m.level === "warning");
    // Past a mark in the bad direction: above it when lower is better, below it when higher is.
    const past = (m: { value: number }) => (frame.better === "higher" ? b.value! <= m.value : b.value! >= m.value);
    if (crit && past(crit)) return theme.critical;
    if (warn && past(warn)) return theme.warning;
    return theme.series[0] ?? theme.text;
  };
  return {
    ...baseOption(theme, title),
    grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
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
      max: frame.percent ? (v: { max: number }) => Math.max(100, Math.ceil(v.max / 25) * 25) : undefined,
      interval: frame.percent ? 25 : undefined,
      splitNumber: 4,
      // Numbers only on the axis: the bars' own labels carry the unit, and a unit on every tick
      // makes the ticks run into each other.
      axisLabel: { color: theme.muted, fontSize: theme.fontSize, hideOverlap: true, formatter: (v: number) => formatQuantity(v, null, locale).value },
      splitLine: { lineStyle: { color: theme.gridLine } },
    },
    yAxis: {
      type: "category",
      data: names,
      inverse: true,
      axisLine: { lineStyle: { color: theme.axisLine } },
      axisTick: { show: false },
      axisLabel: { color: theme.text, fontSize: theme.fontSize, interval: 0, width: 150, overflow: "truncate" },
    },
    series: [
      {
        type: "bar",
        name: title,
        barMaxWidth: 14,
        // The whole band is clickable, not only the painted bar (a short bar is a small target).
        cursor: "pointer",
        data: frame.bars.map((b) => ({
          value: b.value,
          itemStyle: {
            color: colour(b),
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
        markLine: thresholdLines(marksOf(frame), theme, frame.unit, locale, "x"),
      },
    ],
  };
}

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
