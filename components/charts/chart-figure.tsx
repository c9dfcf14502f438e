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
import { ChartTable } from "./chart-table";
import { categoryBarOption } from "./options/category-bar";
import { timeSeriesOption } from "./options/time-series";
import { summarizeCategories, summarizeTimeSeries, tableOfCategories, tableOfTimeSeries } from "./summary";
import { chartTheme } from "./theme";
import type { CategoryFrame, TimeSeriesFrame } from "./types";

const EChart = dynamic(() => import("./echart").then((m) => m.EChart), {
  ssr: false,
  loading: () => <div className="skeleton h-full w-full" />,
});

/**
 * `height` is in CSS pixels at 16 px root size (it grows with the UI scale on walls), or "fill":
 * the height of the parent box (wall panels give their charts whatever their tiles leave).
 */
type Props =
  | { kind: "time"; frame: TimeSeriesFrame; locale: Locale; height: number | "fill" }
  | { kind: "category"; frame: CategoryFrame; locale: Locale; height: number | "fill" };

export function ChartFigure(props: Props) {
  const scheme = useColorScheme();
  const scale = useUiScale();
  const wall = useDisplayMode() === "wall";
  const { kind, frame, locale, height } = props;
  const { option, summary, table } = useMemo(() => {
    const theme = chartTheme(scheme, scale, wall);
    if (kind === "time") {
      const f = frame as TimeSeriesFrame;
      return { option: timeSeriesOption(f, theme, locale), summary: summarizeTimeSeries(f, locale), table: tableOfTimeSeries(f, locale) };
    }
    const f = frame as CategoryFrame;
    return { option: categoryBarOption(f, theme, locale), summary: summarizeCategories(f, locale), table: tableOfCategories(f, locale) };
  }, [kind, frame, locale, scheme, scale, wall]);
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
