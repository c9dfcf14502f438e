"use client";
/** Transport: congestion index through the day, plus congestion, metro trips today and speed. */
import { useMemo } from "react";
import { useCityDayStart } from "@/components/live/city-day";
import { useView } from "@/components/live/view-context";
import { HEADLINE_KPIS, overviewSeries, onDaySlots, pickKpis, singleSeriesFrame } from "@/lib/domains/overview/view";
import { useKpis, useSeries } from "@/lib/domains/twin/hooks";
import { DomainPanel } from "../domain-panel";
import { useKpiThresholds } from "../use-thresholds";

const TITLE = { en: "Congestion index today", zh: "今日拥堵指数" };
const NAME = { en: "Congestion index", zh: "拥堵指数" };

export function TransportPanel() {
  // "Today" follows the twin clock in the city, so the charts roll over at local midnight.
  const dayStart = useCityDayStart();
  const { timezone } = useView();
  const q = useMemo(() => overviewSeries(new Date(dayStart), timezone), [dayStart, timezone]);
  const kpis = useKpis({ domain: "transport" });
  const series = useSeries(q.congestion);
  const thresholds = useKpiThresholds(pickKpis(kpis.data, ["transport.congestionIndex"])[0]);
  const frame = useMemo(
    () => onDaySlots(singleSeriesFrame(series.data, { title: TITLE, name: NAME, timezone, thresholds }), new Date(dayStart), timezone),
    [series.data, timezone, thresholds, dayStart],
  );
  return (
    <DomainPanel
      domain="transport"
      kpiIds={HEADLINE_KPIS.transport}
      kpis={kpis}
      chart={{ kind: "time", frame, title: TITLE }}
      chartLoading={series.isLoading}
    />
  );
}
