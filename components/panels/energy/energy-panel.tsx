"use client";
/** Energy: city load today against the forecast, plus load, renewable share and EV utilisation. */
import { useMemo } from "react";
import { useCityDayStart } from "@/components/live/city-day";
import { useView } from "@/components/live/view-context";
import { HEADLINE_KPIS, actualVsForecastFrame, onDaySlots, overviewSeries, pickKpis } from "@/lib/domains/overview/view";
import { useKpis, useSeries } from "@/lib/domains/twin/hooks";
import { DomainPanel } from "../domain-panel";
import { useKpiThresholds } from "../use-thresholds";

const TITLE = { en: "City load today vs forecast", zh: "今日全市负荷与预测" };

export function EnergyPanel() {
  // "Today" follows the twin clock in the city, so the charts roll over at local midnight.
  const dayStart = useCityDayStart();
  const { timezone } = useView();
  const q = useMemo(() => overviewSeries(new Date(dayStart), timezone), [dayStart, timezone]);
  const kpis = useKpis({ domain: "energy" });
  const load = useSeries(q.energyLoad);
  const forecast = useSeries(q.energyForecast);
  const thresholds = useKpiThresholds(pickKpis(kpis.data, ["energy.load"])[0]);
  const frame = useMemo(
    () => onDaySlots(actualVsForecastFrame(load.data, forecast.data, { title: TITLE, timezone, thresholds }), new Date(dayStart), timezone),
    [load.data, forecast.data, timezone, thresholds, dayStart],
  );
  return (
    <DomainPanel
      domain="energy"
      kpiIds={HEADLINE_KPIS.energy}
      kpis={kpis}
      chart={{ kind: "time", frame, title: TITLE }}
      chartLoading={load.isLoading || forecast.isLoading}
    />
  );
}
