/**
 * The one line chart: series through time in city time (actual, forecast, the chosen comparison),
 * the KPI's levels as lines over their warning / critical bands, labelled time marks (midnight on a wall), the time cursor and the
 * window's peak. Drawn on the overview, the wall, department, district, asset and public pages.
 * Pure: (frame, theme, locale, title) -> option, tested without a browser.
 */
import type { TrendFrame, TrendSeries } from "@/lib/views/department/frames";
import { dateTimeFormat } from "@/lib/format/intl-cache";
import { formatQuantity } from "@/lib/format/number";
import { formatClock, formatDateTime } from "@/lib/format/time";
import type { Locale } from "@/lib/i18n/locale";
import { pick } from "@/lib/i18n/locale";
import type { ChartOption, ChartTheme } from "../types";
import { baseOption, escapeHtml, levelAreas, levelReach, reachBounds, thresholdLines, tooltipShell, valueAxis } from "./common";

const HOUR_STEPS = [1, 2, 3, 4, 6, 12, 24];
/** Windows longer than this are labelled by day, not by clock. */
export const MULTI_DAY_MS = 36 * 3_600_000;

function spanMs(t: readonly string[]): number {
  return t.length > 1 ? Date.parse(t[t.length - 1]!) - Date.parse(t[0]!) : 0;
}

/** Bucket labels in city time: clock only within a day, date and clock over longer windows. */
export function bucketLabels(t: readonly string[], timezone: string, locale: Locale): string[] {
  return spanMs(t) > MULTI_DAY_MS ? t.map((x) => formatDateTime(x, timezone, locale)) : t.map((x) => formatClock(x, timezone, locale));
}

/**
 * Which axis labels to show within a day: whole hours at a round interval (00:00, 06:00 ...) so
 * that at most `maxLabels` appear; evenly spaced buckets when the buckets are not hour-aligned.
 */
export function axisLabelFilter(t: readonly string[], labels: readonly string[], maxLabels = 6): (index: number) => boolean {
  const every = HOUR_STEPS.find((n) => spanMs(t) / 3_600_000 / n <= maxLabels) ?? 24;
  const onHour = (i: number) => {
    const l = labels[i] ?? "";
    return l.endsWith(":00") && Number(l.slice(0, 2)) % every === 0;
  };
  if (labels.some((_, i) => onHour(i))) return onHour;
  const stride = Math.max(1, Math.ceil(labels.length / maxLabels));
  return (i) => i % stride === 0;
}

/**
 * Day ticks of a multi-day window: the first bucket of each city day (every second or third day
 * when more than `maxLabels` days are shown), labelled "Mon 13" / "13日 周一". A week reads as
 * seven days instead of two crowded date-and-time labels.
 */
export function dayTicks(t: readonly string[], timezone: string, locale: Locale, maxLabels = 8): { show: (i: number) => boolean; label: (i: number) => string } {
  const dayKey = dateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" });
  const starts: number[] = [];
  let prev = "";
  t.forEach((x, i) => {
    const k = dayKey.format(new Date(x));
    if (k !== prev) starts.push(i);
    prev = k;
  });
  // A window starting mid-day: its first partial day gets no tick (the next midnight does).
  const firstFull = starts.length > 1 && starts[0] === 0 && !isMidnight(t[0]!, timezone) ? starts.slice(1) : starts;
  const stride = Math.max(1, Math.ceil(firstFull.length / maxLabels));
  const shown = new Set(firstFull.filter((_, k) => k % stride === 0));
  const fmt = dateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", { timeZone: timezone, weekday: "short", day: "numeric" });
  return { show: (i) => shown.has(i), label: (i) => (t[i] ? fmt.format(new Date(t[i])) : "") };
}

function isMidnight(ts: string, timezone: string): boolean {
  return formatClock(ts, timezone, "en") === "00:00";
}

interface SeriesLook {
  colour: string;
  type: "solid" | "dashed" | "dotted";
  width: number;
}

/**
 * How each role reads: actual solid in the series colours, forecast dashed and grey, the
 * comparison dotted in its own colour (a grey comparison line read as a second forecast).
 */
export function seriesLook(series: readonly TrendSeries[], theme: ChartTheme): SeriesLook[] {
  let k = 0;
  return series.map((s) => {
    if (s.role === "forecast") return { colour: theme.forecast, type: "dashed", width: 1.5 * theme.lineScale };
    if (s.role === "compare") return { colour: theme.compare, type: "dotted", width: 2 * theme.lineScale };
    return { colour: theme.series[k++ % theme.series.length] ?? theme.text, type: "solid", width: 2 * theme.lineScale };
  });
}

/**
 * Whether the value axis starts at zero: percentages do (0–100 % is their natural scale), so their
 * first actual series may be filled. Any other axis fits the data and draws lines only — an area
 * filled down to a scaled axis (9,000 MW) exaggerates every swing.
 */
export function zeroBased(frame: Pick<TrendFrame, "unit" | "series">): boolean {
  return frame.unit === "%" && frame.series.every((s) => s.values.every((v) => v === null || v >= 0));
}

export function trendOption(frame: TrendFrame, theme: ChartTheme, locale: Locale, title: string): ChartOption {
  const labels = bucketLabels(frame.t, frame.timezone, locale);
  const multiDay = spanMs(frame.t) > MULTI_DAY_MS;
  const days = multiDay ? dayTicks(frame.t, frame.timezone, locale, theme.wall ? 4 : 8) : null;
  const cursorIndex = frame.cursor ? frame.t.indexOf(frame.cursor) : -1;
  const looks = seriesLook(frame.series, theme);
  const zero = zeroBased(frame);
  const peak = frame.peak ?? -1;
  const peakRaw = peak >= 0 ? frame.series[0]?.values[peak] : null;
  const firstActual = frame.series.findIndex((s) => s.role === "actual");
  const areas = levelAreas(frame.marks, frame.better, theme);
  // A level the data runs near is on the axis: 31 % loading reads far from an 80 % warning.
  const reach = levelReach(frame.series.flatMap((s) => s.values), frame.marks, frame.better);
  const lines = [
    ...(thresholdLines(frame.marks, theme, frame.unit, locale)?.data ?? []),
    ...timeLines(frame, theme, locale),
    ...(cursorIndex >= 0
      ? [
          {
            xAxis: cursorIndex,
            name: "cursor",
            lineStyle: { color: theme.text, type: "solid" as const, width: 1.5 * theme.lineScale },
            label: { show: true, color: theme.text, formatter: labels[cursorIndex] ?? "", position: "end" as const, fontSize: theme.fontSize - 1 },
          },
        ]
      : []),
  ];
  const series = frame.series.map((s, i) => {
    const look = looks[i]!;
    return {
      type: "line" as const,
      id: s.id,
      name: pick(s.name, locale),
      data: s.values,
      showSymbol: false,
      connectNulls: false,
      smooth: false,
      lineStyle: { color: look.colour, width: look.width, type: look.type },
      itemStyle: { color: look.colour },
      areaStyle: zero && i === firstActual ? { color: look.colour, opacity: 0.08, origin: "start" as const } : undefined,
      markLine: i === 0 && lines.length ? { silent: true, symbol: "none", data: lines } : undefined,
      markPoint: i === 0 && typeof peakRaw === "number" ? peakPoint(peak, peakRaw, look.colour, theme) : undefined,
      markArea: i === 0 ? areas : undefined,
    };
  });
  return {
    ...baseOption(theme, title),
    legend: {
      // A wall's titles name the series: its legend would only take the plot's room.
      show: frame.series.length > 1 && !theme.wall,
      top: 0,
      right: 0,
      textStyle: { color: theme.muted, fontSize: theme.fontSize },
      // Wide enough that dashes (forecast) and dots (comparison) read apart in the legend too.
      itemWidth: 24 * theme.lineScale,
      itemHeight: 8 * theme.lineScale,
    },
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
      // Day ticks mark where each day starts; clock labels need none.
      axisTick: days ? { show: true, interval: days.show, lineStyle: { color: theme.axisLine } } : { show: false },
      axisLabel: days
        ? { color: theme.muted, fontSize: theme.fontSize, interval: days.show, formatter: (_: string, i: number) => days.label(i) }
        : { color: theme.muted, fontSize: theme.fontSize, hideOverlap: true, interval: axisLabelFilter(frame.t, labels) },
    },
    yAxis: zero
      ? { ...valueAxis(theme, frame.unit, locale), scale: false, min: 0, max: (v: { max: number }) => Math.max(100, Math.ceil(Math.max(v.max, reach ?? 0) / 25) * 25) }
      : { ...valueAxis(theme, frame.unit, locale), ...reachBounds(reach, frame.better, frame.marks) },
    series,
  };
}

/** The frame's labelled time marks (e.g. "00:00 16 Jul"): solid muted lines, label on top. */
function timeLines(frame: TrendFrame, theme: ChartTheme, locale: Locale) {
  return (frame.times ?? []).flatMap((m) => {
    const i = frame.t.indexOf(m.t);
    if (i < 0) return [];
    const label = pick(m.label, locale);
    return [
      {
        // A category index: clock labels could repeat on a day with a daylight-saving change.
        xAxis: i,
        name: label,
        lineStyle: { color: theme.text, type: "solid" as const, width: theme.lineScale, opacity: 0.55 },
        // Horizontal above the plot: rotated text is hard to read across a room.
        label: { show: true, color: theme.text, formatter: label, position: "end" as const, fontSize: theme.fontSize - 1 },
      },
    ];
  });
}

/** A dot on the first series at the window's peak (the panel's header names value and time). */
function peakPoint(index: number, value: number, colour: string, theme: ChartTheme) {
  return {
    silent: true,
    symbol: "circle",
    symbolSize: 8 * theme.lineScale,
    itemStyle: { color: colour, borderColor: theme.text, borderWidth: 1.5 },
    label: { show: false },
    data: [{ name: "peak", coord: [index, value] }],
  };
}

