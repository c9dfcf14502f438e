"use client";
/**
 * The plot of an hourly series: progressive enhancement only. The summary and the data table next
 * to it are in the server HTML; this adds the picture once JavaScript and ECharts (loaded lazily,
 * when the chart nears the screen) are there, and is hidden from assistive tech, which reads the table instead.
 */
import dynamic from "next/dynamic";
import { useMemo } from "react";
import { trendOption } from "@/components/charts/options/trend";
import { chartTheme } from "@/components/charts/theme";
import { useColorScheme } from "@/components/ui/use-color-scheme";
import { useInView } from "@/components/ui/use-in-view";
import type { TrendFrame } from "@/lib/views/department/frames";
import type { Locale } from "@/lib/i18n/locale";
import { zeroBased } from "./zero-based";

const EChart = dynamic(() => import("@/components/charts/echart").then((m) => m.EChart), { ssr: false });

export function HourlyChart({ frame, title, locale }: { frame: TrendFrame; title: string; locale: Locale }) {
  const scheme = useColorScheme();
  const option = useMemo(() => zeroBased(trendOption(frame, chartTheme(scheme), locale, title)), [frame, scheme, locale, title]);
  // ECharts is fetched only when the chart scrolls near the screen: the figures above never wait.
  const [ref, visible] = useInView<HTMLDivElement>();
  return (
    <div ref={ref} aria-hidden="true" className="h-48">
      {visible ? <EChart option={option} height="100%" /> : null}
    </div>
  );
}
