/**
 * Shapes shared by the chart wrapper and the pure option builders. Type-only imports from
 * echarts are erased at build time, so builders stay free of the library itself.
 */
import type { BarSeriesOption, LineSeriesOption } from "echarts/charts";
import type {
  AriaComponentOption,
  GridComponentOption,
  LegendComponentOption,
  MarkAreaComponentOption,
  MarkLineComponentOption,
  MarkPointComponentOption,
  TooltipComponentOption,
} from "echarts/components";
import type { ComposeOption } from "echarts/core";

export type ChartOption = ComposeOption<
  | LineSeriesOption
  | BarSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | MarkAreaComponentOption
  | MarkLineComponentOption
  | MarkPointComponentOption
  | AriaComponentOption
>;

/** Colours and type for charts; one per colour scheme, kept as module constants (stable identity). */
export interface ChartTheme {
  scheme: "dark" | "light";
  text: string;
  muted: string;
  gridLine: string;
  axisLine: string;
  tooltipBg: string;
  tooltipBorder: string;
  /** Series colours in order; the first is the "actual" colour. */
  series: readonly string[];
  /** Dashed grey: a forecast. */
  forecast: string;
  /** Dotted, its own hue: the chosen comparison period (never mistaken for the forecast). */
  compare: string;
  warning: string;
  critical: string;
  fontFamily: string;
  fontSize: number;
  /** Multiplies line widths and marker sizes: 1 on pages, the UI scale on walls (a 4K wall draws 2-px lines as 5 px). */
  lineScale: number;
  /** Drawn on a wall: fewer axis labels, no legend (the title names the series), tighter top. */
  wall: boolean;
}
