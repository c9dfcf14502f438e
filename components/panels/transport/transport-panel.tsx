"use client";
/**
 * Transport: congestion index through the day, plus congestion, metro trips today and speed. On
 * pages the chart is today's; on a wall the last 24 hours (midnight marked).
 */
import { useMemo } from "react";
import { useCityDayStart } from "@/components/live/city-day";
import { useTwinNow, useView } from "@/components/live/view-context";
import { useDisplayMode } from "@/components/ui/use-display-mode";
import { HEADLINE_KPIS, dayBeforeSeries, joinSeries, overviewSeries, onDaySlots, onRollingSlots, pickKpis, singleSeriesFrame } from "@/lib/domains/overview/view";
import { useKpis, useSeries } from "@/lib/domains/twin/hooks";
import { DomainPanel } from "../domain-panel";
import { useKpiThresholds } from "../use-thresholds";

const TITLE = { en: "Congestion index today", zh: "今日拥堵指数" };
const ROLLING_TITLE = { en: "Congestion index, last 24 h", zh: "近 24 小时拥堵指数" };
const NAME = { en: "Congestion index", zh: "拥堵指数" };

export function TransportPanel() {
  // "Today" follows the twin clock in the city, so the charts roll over at local midnight.
  const dayStart = useCityDayStart();
  const { timezone } = useView();
  const rolling = useDisplayMode() === "wall";
  const now = useTwinNow(60_000);
  const q = useMemo(() => overviewSeries(new Date(dayStart), timezone), [dayStart, timezone]);
  const before = useMemo(() => (rolling ? dayBeforeSeries(new Date(dayStart), timezone) : null), [rolling, dayStart, timezone]);
  const kpis = useKpis({ domain: "transport" });
  const series = useSeries(q.congestion);
  const seriesBefore = useSeries(before?.congestion ?? null);
  const thresholds = useKpiThresholds(pickKpis(kpis.data, ["transport.congestionIndex"])[0]);
  const frame = useMemo(() => {
    if (!rolling) return onDaySlots(singleSeriesFrame(series.data, { name: NAME, timezone, thresholds }), new Date(dayStart), timezone);
    const joined = singleSeriesFrame(joinSeries(seriesBefore.data, series.data), { name: NAME, timezone, thresholds });
    return onRollingSlots(joined, now, timezone);
  }, [rolling, series.data, seriesBefore.data, timezone, thresholds, dayStart, now]);
  return (
    <DomainPanel
      domain="transport"
      kpiIds={HEADLINE_KPIS.transport}
      kpis={kpis}
      chart={{ kind: "time", frame, title: rolling ? ROLLING_TITLE : TITLE }}
      chartLoading={series.isLoading}
    />
  );
}
