"use client";
/** Construction: PM2.5 at sites over the last 24 h, plus active sites, dust exceedances, PM2.5. */
import { useMemo } from "react";
import { useCityDayStart } from "@/components/live/city-day";
import { useView } from "@/components/live/view-context";
import { HEADLINE_KPIS, overviewSeries, pickKpis, singleSeriesFrame } from "@/lib/domains/overview/view";
import { useKpis, useSeries } from "@/lib/domains/twin/hooks";
import { DomainPanel } from "../domain-panel";
import { useKpiThresholds } from "../use-thresholds";

const TITLE = { en: "PM2.5 at construction sites, last 24 h", zh: "工地 PM2.5（近 24 小时）" };
const NAME = { en: "PM2.5", zh: "PM2.5" };

export function ConstructionPanel() {
  // "Today" follows the twin clock in the city, so the charts roll over at local midnight.
  const dayStart = useCityDayStart();
  const { timezone } = useView();
  const q = useMemo(() => overviewSeries(new Date(dayStart), timezone), [dayStart, timezone]);
  const kpis = useKpis({ domain: "construction" });
  const series = useSeries(q.pm25);
  const thresholds = useKpiThresholds(pickKpis(kpis.data, ["construction.pm25"])[0]);
  const frame = useMemo(
    () => singleSeriesFrame(series.data, { name: NAME, timezone, thresholds }),
    [series.data, timezone, thresholds],
  );
  return (
    <DomainPanel
      domain="construction"
      kpiIds={HEADLINE_KPIS.construction}
      kpis={kpis}
      chart={{ kind: "time", frame, title: TITLE }}
      chartLoading={series.isLoading}
    />
  );
}
