"use client";
/** Health: bed occupancy by district, plus bed and ICU occupancy and ER waiting time. */
import { useMemo } from "react";
import { useCityDayStart } from "@/components/live/city-day";
import { useView } from "@/components/live/view-context";
import { HEADLINE_KPIS, districtBarsFrame, overviewSeries, pickKpis } from "@/lib/domains/overview/view";
import { useDistrictValues, useKpis } from "@/lib/domains/twin/hooks";
import { DomainPanel } from "../domain-panel";
import { useKpiThresholds } from "../use-thresholds";

const TITLE = { en: "Bed occupancy by district", zh: "各区床位使用率" };

export function HealthPanel() {
  // "Today" follows the twin clock in the city, so the charts roll over at local midnight.
  const dayStart = useCityDayStart();
  const { timezone } = useView();
  const q = useMemo(() => overviewSeries(new Date(dayStart), timezone), [dayStart, timezone]);
  const kpis = useKpis({ domain: "health" });
  const beds = useDistrictValues(q.bedOccupancy);
  const thresholds = useKpiThresholds(pickKpis(kpis.data, ["health.bedOccupancy"])[0]);
  const frame = useMemo(
    () => districtBarsFrame(beds.data, { thresholds }),
    [beds.data, thresholds],
  );
  return (
    <DomainPanel
      domain="health"
      kpiIds={HEADLINE_KPIS.health}
      kpis={kpis}
      chart={{ kind: "category", frame, title: TITLE }}
      chartLoading={beds.isLoading}
    />
  );
}
