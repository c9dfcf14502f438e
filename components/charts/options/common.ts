/** Pieces shared by the option builders: axis styling, tooltip shell, threshold lines. */
import { customaryUnit, formatQuantity } from "@/lib/format/number";
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

/**
 * The unit a chart's scale is read in: the customary one of the locale (万千瓦 for MW in Chinese,
 * as the KPI cards and tooltips have it, `customaryUnit`), with the factor that turns a raw value
 * into it. Axis names, axis labels and chart tables use it, so no zh chart says "MW".
 */
export function scaleUnit(unit: string, locale: Locale): { name: string; of: (v: number) => number } {
  const shown = customaryUnit(1, unit, locale);
  const per = shown.value;
  return { name: !shown.unit || shown.unit === "1" ? "" : shown.unit, of: per === 1 ? (v) => v : (v) => v * per };
}

export function valueAxis(theme: ChartTheme, unit: string, locale: Locale) {
  const su = scaleUnit(unit, locale);
  return {
    type: "value" as const,
    // A wall's chart titles carry the unit: the name row above the plot is room it lacks.
    name: theme.wall ? "" : su.name,
    nameTextStyle: { color: theme.muted, align: "left" as const, fontSize: theme.fontSize },
    scale: true,
    splitNumber: theme.wall ? 2 : 4,
    axisLabel: {
      color: theme.muted,
      fontSize: theme.fontSize,
      formatter: (v: number) => formatQuantity(su.of(v), null, locale).value,
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

/** A KPI's warning or critical band on the value axis; a null edge is open (runs to the axis end). */
export interface LevelBand {
  level: "warning" | "critical";
  from: number | null;
  to: number | null;
}

/**
 * Which way is bad: from the levels themselves when both are set (warning below critical means
 * higher is worse), else the frame's `better` (lower by default, as `barStatus` has it).
 */
function betterOf(marks: readonly Mark[], better: "higher" | "lower" | undefined): "higher" | "lower" {
  const w = marks.find((m) => m.level === "warning")?.value;
  const c = marks.find((m) => m.level === "critical")?.value;
  if (w !== undefined && c !== undefined && w !== c) return w < c ? "lower" : "higher";
  return better ?? "lower";
}

/**
 * The warning and critical bands of a KPI's levels, the same classes as the map's choropleth
 * (lib/views/department/map-scale.ts) and the KPI's status: warning from its level to critical,
 * critical from its level on, in the direction that is bad. No levels, no bands.
 */
export function levelBands(marks: readonly Mark[] | undefined, better?: "higher" | "lower"): LevelBand[] {
  const levels = (marks ?? []).filter(
    (m): m is Mark & { level: "warning" | "critical" } => m.level === "warning" || m.level === "critical",
  );
  if (levels.length === 0) return [];
  const dir = betterOf(levels, better);
  const critical = levels.find((m) => m.level === "critical")?.value ?? null;
  return levels.map((m) => {
    const worse = m.level === "warning" ? critical : null;
    return dir === "lower" ? { level: m.level, from: m.value, to: worse } : { level: m.level, from: worse, to: m.value };
  });
}

/** The band's colour: the status colours of bars, map dots and the alert list (theme.ts). */
export const bandColour = (level: "warning" | "critical", theme: ChartTheme) => (level === "critical" ? theme.critical : theme.warning);

/**
 * The bands as an ECharts markArea on the value axis (`y` for line charts, `x` for horizontal
 * bars). An open edge is left out: ECharts then runs the band to the end of the axis.
 */
export function levelAreas(
  marks: readonly Mark[] | undefined,
  better: "higher" | "lower" | undefined,
  theme: ChartTheme,
  axis: "x" | "y" = "y",
) {
  const bands = levelBands(marks, better);
  if (bands.length === 0) return undefined;
  const edge = (v: number | null): { xAxis?: number; yAxis?: number } => (v === null ? {} : axis === "y" ? { yAxis: v } : { xAxis: v });
  const opacity = theme.scheme === "dark" ? 0.14 : 0.1;
  return {
    silent: true,
    data: bands.map((b): [MarkAreaEdge, MarkAreaEdge] => [
      { name: b.level, ...edge(b.from), itemStyle: { color: bandColour(b.level, theme), opacity } },
      edge(b.to),
    ]),
  };
}

interface MarkAreaEdge {
  name?: string;
  xAxis?: number;
  yAxis?: number;
  itemStyle?: { color: string; opacity: number };
}

/** How close (a share of the level's value) the data must come for the axis to include the level. */
export const NEAR_LEVEL = 0.25;

/**
 * The value the axis must reach so that the levels the data is near are on the chart: the highest
 * level within `NEAR_LEVEL` of the data's maximum when lower is better (the lowest within reach of
 * the minimum when higher is), or null when no level is near. Far-away levels stay off a fitted
 * axis rather than squash the data into a strip; near ones show how close the data runs.
 */
export function levelReach(
  values: readonly (number | null)[],
  marks: readonly Mark[] | undefined,
  better?: "higher" | "lower",
): number | null {
  const levels = (marks ?? []).filter((m) => m.level !== "target").map((m) => m.value);
  const data = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (levels.length === 0 || data.length === 0) return null;
  const dir = betterOf(marks ?? [], better);
  const near = (level: number) => Math.abs(level) * NEAR_LEVEL;
  if (dir === "lower") {
    const max = Math.max(...data);
    const reach = levels.filter((l) => l > max && l - max <= near(l));
    return reach.length ? Math.max(...reach) : null;
  }
  const min = Math.min(...data);
  const reach = levels.filter((l) => l < min && min - l <= near(l));
  return reach.length ? Math.min(...reach) : null;
}

/**
 * Axis bounds (ECharts `min`/`max` callbacks) that take in `reach` (see `levelReach`) with a
 * little room past it, so the band beyond the level shows too; nothing when there is no reach.
 */
export function reachBounds(reach: number | null, better?: "higher" | "lower", marks?: readonly Mark[]) {
  if (reach === null) return {};
  const room = Math.abs(reach) * 0.05;
  return betterOf(marks ?? [], better) === "lower"
    ? { max: (v: { max: number }) => Math.max(v.max, reach + room) }
    : { min: (v: { min: number }) => Math.min(v.min, reach - room) };
}
