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
  MarkAreaComponent,
  MarkLineComponent,
  MarkPointComponent,
  TooltipComponent,
} from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useMemo, useRef } from "react";
import type { ChartOption } from "./types";

echarts.use([
  LineChart,
  BarChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  // A KPI's warning / critical bands behind trends and bars.
  MarkAreaComponent,
  // The peak dot of department trends.
  MarkPointComponent,
  AriaComponent,
  CanvasRenderer,
]);

const OPTS = { renderer: "canvas" } as const;
const NO_EVENTS: Record<string, never> = {};

/** What a click on a chart element tells the caller. */
export interface ChartClick {
  dataIndex: number;
  seriesIndex: number;
  name: string;
}

/** Exports the drawn chart as a PNG data URL (for "export PNG"). */
export type ChartSnapshot = (opts: { pixelRatio: number; backgroundColor: string }) => string;

export interface EChartProps {
  option: ChartOption;
  /** CSS height of the plot area, e.g. 180 or "100%". */
  height: number | string;
  className?: string;
  /**
   * Clicks on the chart. With `bandClick`, a click anywhere in a category's band of the plot
   * counts (a short bar, or a point on a line, is a small target); otherwise only data elements.
   */
  onClick?: (click: ChartClick) => void;
  /** The category axis whose bands take clicks: "x" (time on a trend) or "y" (horizontal bars). */
  bandClick?: "x" | "y";
  /** Receives the snapshot function once the chart exists, null on unmount. */
  onSnapshot?: (snapshot: ChartSnapshot | null) => void;
}

export function EChart({ option, height, className, onClick, onSnapshot, bandClick }: EChartProps) {
  // echarts-for-react rebinds (and may re-create the chart) when `onEvents` changes identity, so
  // the handler object is made once and calls the newest callback through a ref.
  const clickRef = useRef(onClick);
  const snapshotRef = useRef(onSnapshot);
  useEffect(() => {
    clickRef.current = onClick;
    snapshotRef.current = onSnapshot;
  });
  useEffect(() => () => snapshotRef.current?.(null), []);
  const hasClick = onClick !== undefined && bandClick === undefined;
  const events = useMemo(
    () =>
      hasClick
        ? {
            click: (p: { dataIndex?: number; seriesIndex?: number; name?: string }) =>
              clickRef.current?.({ dataIndex: p.dataIndex ?? -1, seriesIndex: p.seriesIndex ?? 0, name: p.name ?? "" }),
          }
        : NO_EVENTS,
    [hasClick],
  );
  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      opts={OPTS}
      onEvents={events}
      onChartReady={(chart: echarts.ECharts) => {
        snapshotRef.current?.((o) => chart.getDataURL({ type: "png", ...o }));
        if (!bandClick) return;
        // The band under the pointer, from the grid's own pixel mapping (index of the category).
        chart.getZr().on("click", (e: { offsetX: number; offsetY: number }) => {
          const at = [e.offsetX, e.offsetY];
          if (!chart.containPixel({ gridIndex: 0 }, at)) return;
          const v = chart.convertFromPixel({ gridIndex: 0 }, at) as number[];
          const idx = Math.round(Number(bandClick === "y" ? v[1] : v[0]));
          if (Number.isFinite(idx) && idx >= 0) clickRef.current?.({ dataIndex: idx, seriesIndex: 0, name: "" });
        });
      }}
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
