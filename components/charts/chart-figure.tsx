"use client";
/**
 * A chart with its text alternatives: the summary is visible to assistive tech (and a tooltip),
 * the data table is visually hidden. ECharts itself loads lazily on the client only.
 */
import dynamic from "next/dynamic";
import { useMemo } from "react";
import type { Locale } from "@/lib/i18n/locale";
import { useColorScheme } from "@/components/ui/use-color-scheme";
import { useDisplayMode } from "@/components/ui/use-display-mode";
import { useUiScale } from "@/components/ui/use-ui-scale";
import type { BarsFrame, TrendFrame } from "@/lib/views/department/frames";
import { ChartTable } from "./chart-table";
import { barsOption } from "./options/bars";
import { trendOption } from "./options/trend";
import { barsChartTable, barsSummary, trendChartTable, trendSummary } from "./summary";
import { chartTheme } from "./theme";

const EChart = dynamic(() => import("./echart").then((m) => m.EChart), {
  ssr: false,
  loading: () => <div className="skeleton h-full w-full" />,
});

/**
 * `height` is in CSS pixels at 16 px root size (it grows with the UI scale on walls), or "fill":
 * the height of the parent box (wall panels give their charts whatever their tiles leave).
 */
interface Props {
  frame: TrendFrame | BarsFrame;
  title: string;
  locale: Locale;
  height: number | "fill";
}

export function ChartFigure({ frame, title, locale, height }: Props) {
  const scheme = useColorScheme();
  const scale = useUiScale();
  const wall = useDisplayMode() === "wall";
  const { option, summary, table } = useMemo(() => {
    const theme = chartTheme(scheme, scale, wall);
    return frame.kind === "trend"
      ? { option: trendOption(frame, theme, locale, title), summary: trendSummary(frame, title, locale), table: trendChartTable(frame, title, locale) }
      : { option: barsOption(frame, theme, locale, title), summary: barsSummary(frame, title, locale), table: barsChartTable(frame, title, locale) };
  }, [frame, title, locale, scheme, scale, wall]);
  const fill = height === "fill";
  return (
    <figure className={`m-0 min-w-0 ${fill ? "h-full" : ""}`}>
      <div style={{ height: fill ? "100%" : `${height / 16}rem` }} title={summary}>
        <EChart option={option} height="100%" />
      </div>
      <figcaption className="sr-only">{summary}</figcaption>
      <ChartTable table={table} />
    </figure>
  );
}
