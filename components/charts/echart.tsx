"use client";
/**
 * The one ECharts owner. Tree-shaken through echarts/core: only the charts and components the
 * option builders use are registered. Loaded lazily (see chart-figure.tsx), so pages without
 * charts never download ECharts.
 *
 * It holds the instance itself (init on mount, dispose on unmount) rather than through
 * echarts-for-react, whose start drew a throw-away chart first and created the real one in the
 * animation frame where that one finished: every chart of a page that started together then drew
 * in the same frame task (with the map's frame), hundreds of milliseconds of blocked input
 * (issue 19). Here each draw — the first, a new option, a resize — is queued (chart-queue.ts) and
 * runs in a task of its own. A new option is drawn only when it differs in content (deep equal,
 * as before): callers may build it inline.
 */
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
import equal from "fast-deep-equal";
import { useEffect, useRef } from "react";
import { enqueueChartWork } from "./chart-queue";
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
  /** Called once, after the first option has been drawn (charts that take turns pass the turn on). */
  onDrawn?: () => void;
}

/** What the chart's effects share: the instance, the newest props, and the option last drawn. */
interface Holder {
  chart: echarts.ECharts | null;
  option: ChartOption;
  drawn: ChartOption | null;
  onClick?: EChartProps["onClick"];
  onSnapshot?: EChartProps["onSnapshot"];
  onDrawn?: EChartProps["onDrawn"];
}

/** Draws the newest option unless the chart already shows one equal in content (a queued job). */
function drawLatest(h: Holder): void {
  const c = h.chart;
  if (!c || c.isDisposed() || (h.drawn !== null && equal(h.drawn, h.option))) return;
  const first = h.drawn === null;
  // Replace rather than merge: a series that disappears from the option must leave the chart.
  c.setOption(h.option, { notMerge: true });
  h.drawn = h.option;
  if (first) h.onDrawn?.();
}

export function EChart({ option, height, className, onClick, onSnapshot, onDrawn, bandClick }: EChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const held = useRef<Holder>({ chart: null, option, drawn: null });
  // The newest props, read when a job runs or an event fires: changing a callback never
  // re-creates the chart.
  useEffect(() => {
    Object.assign(held.current, { option, onClick, onSnapshot, onDrawn });
  });
  const hasClick = onClick !== undefined && bandClick === undefined;

  useEffect(() => {
    const dom = el.current;
    const h = held.current;
    if (!dom) return;
    const c = echarts.init(dom, undefined, OPTS);
    h.chart = c;
    h.drawn = null;
    h.onSnapshot?.((o) => c.getDataURL({ type: "png", ...o }));
    if (hasClick) {
      c.on("click", (p: { dataIndex?: number; seriesIndex?: number; name?: string }) =>
        h.onClick?.({ dataIndex: p.dataIndex ?? -1, seriesIndex: p.seriesIndex ?? 0, name: p.name ?? "" }),
      );
    }
    if (bandClick) {
      // The band under the pointer, from the grid's own pixel mapping (index of the category).
      c.getZr().on("click", (e: { offsetX: number; offsetY: number }) => {
        const at = [e.offsetX, e.offsetY];
        if (!c.containPixel({ gridIndex: 0 }, at)) return;
        const v = c.convertFromPixel({ gridIndex: 0 }, at) as number[];
        const idx = Math.round(Number(bandClick === "y" ? v[1] : v[0]));
        if (Number.isFinite(idx) && idx >= 0) h.onClick?.({ dataIndex: idx, seriesIndex: 0, name: "" });
      });
    }
    const cancelDraw = enqueueChartWork(() => drawLatest(h));
    // Resized only when its box really changed (not on the observer's first call), in a queued task.
    let size = { w: dom.clientWidth, h: dom.clientHeight };
    let cancelResize: (() => void) | null = null;
    const ro = new ResizeObserver(() => {
      cancelResize?.();
      cancelResize = enqueueChartWork(() => {
        cancelResize = null;
        const now = { w: dom.clientWidth, h: dom.clientHeight };
        if (c.isDisposed() || (now.w === size.w && now.h === size.h)) return;
        size = now;
        c.resize();
      });
    });
    ro.observe(dom);
    return () => {
      ro.disconnect();
      cancelDraw();
      cancelResize?.();
      h.onSnapshot?.(null);
      c.dispose();
      h.chart = null;
    };
  }, [hasClick, bandClick]);

  // A new option: drawn in a queued task (the first one is queued by the chart's start above).
  useEffect(() => {
    const h = held.current;
    if (!h.chart || h.drawn === null || equal(h.drawn, option)) return;
    return enqueueChartWork(() => drawLatest(h));
  }, [option]);

  return <div ref={el} className={className} style={{ height, width: "100%" }} aria-hidden="true" />;
}
