"use client";
/** The ECharts owner behind next/dynamic: pages that import this load ECharts only when a chart renders. */
import dynamic from "next/dynamic";

export const EChartLazy = dynamic(() => import("./echart").then((m) => m.EChart), {
  ssr: false,
  loading: () => <div className="skeleton h-full w-full" />,
});
