"use client";
/**
 * Energy: city load against the forecast, plus load, renewable share and EV utilisation. On pages
 * the chart is today's; on a wall the last 24 hours (midnight marked), so it never runs empty.
 */
import { useMemo } from "react";
import { useCityDayStart } from "@/components/live/city-day";
import { useTwinNow, useView } from "@/components/live/view-context";
import { useDisplayMode } from "@/components/ui/use-display-mode";
import { HEADLINE_KPIS, actualVsForecastFrame, dayBeforeSeries, joinSeries, onDaySlots, onRollingSlots, overviewSeries, pickKpis } from "@/lib/domains/overview/view";
import { useKpis, useSeries } from "@/lib/domains/twin/hooks";
import { DomainPanel } from "../domain-panel";
import { useKpiThresholds } from "../use-thresholds";

const TITLE = { en: "City load today vs forecast", zh: "今日全市负荷与预测" };
const ROLLING_TITLE = { en: "City load, last 24 h, forecast dashed", zh: "近 24 小时全市负荷，虚线为预测" };

export function EnergyPanel() {
  // "Today" follows the twin clock in the city, so the charts roll over at local midnight.
  const dayStart = useCityDayStart();
  const { timezone } = useView();
  const rolling = useDisplayMode() === "wall";
  const now = useTwinNow(60_000);
  const q = useMemo(() => overviewSeries(new Date(dayStart), timezone), [dayStart, timezone]);
  const before = useMemo(() => (rolling ? dayBeforeSeries(new Date(dayStart), timezone) : null), [rolling, dayStart, timezone]);
  const kpis = useKpis({ domain: "energy" });
  const load = useSeries(q.energyLoad);
  const forecast = useSeries(q.energyForecast);
  const loadBefore = useSeries(before?.energyLoad ?? null);
  const forecastBefore = useSeries(before?.energyForecast ?? null);
  const thresholds = useKpiThresholds(pickKpis(kpis.data, ["energy.load"])[0]);
  const frame = useMemo(() => {
    if (!rolling) return onDaySlots(actualVsForecastFrame(load.data, forecast.data, { timezone, thresholds }), new Date(dayStart), timezone);
    const joined = actualVsForecastFrame(joinSeries(loadBefore.data, load.data), joinSeries(forecastBefore.data, forecast.data), { timezone, thresholds });
    return onRollingSlots(joined, now, timezone);
  }, [rolling, load.data, forecast.data, loadBefore.data, forecastBefore.data, timezone, thresholds, dayStart, now]);
  return (
    <DomainPanel
      domain="energy"
      kpiIds={HEADLINE_KPIS.energy}
      kpis={kpis}
      chart={{ kind: "time", frame, title: rolling ? ROLLING_TITLE : TITLE }}
      chartLoading={load.isLoading || forecast.isLoading}
    />
  );
}
