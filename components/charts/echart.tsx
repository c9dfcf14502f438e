"use client";
/**
 * The one ECharts owner. Tree-shaken through echarts/core: only the charts and components the
 * option builders use are registered. Loaded lazily (see chart-figure.tsx), so pages without
 * charts never download ECharts. echarts-for-react disposes the instance on unmount and
 * re-creates it when `theme` or `opts` change identity, so both are module constants here.
 */
import ReactEChartsCore from "echarts-for-react/lib/core";
import { BarChart, LineChart } from "echarts/charts";
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
} from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import type { ChartOption } from "./types";

echarts.use([
  LineChart,
  BarChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkLineComponent,
  AriaComponent,
  CanvasRenderer,
]);

const OPTS = { renderer: "canvas" } as const;
const NO_EVENTS: Record<string, never> = {};

export interface EChartProps {
  option: ChartOption;
  /** CSS height of the plot area, e.g. 180 or "100%". */
  height: number | string;
  className?: string;
}

export function EChart({ option, height, className }: EChartProps) {
  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      opts={OPTS}
      onEvents={NO_EVENTS}
      // Replace rather than merge: a series that disappears from the option must leave the chart.
      notMerge
      lazyUpdate
      autoResize
      className={className}
      style={{ height, width: "100%" }}
      aria-hidden="true"
    />
  );
}
