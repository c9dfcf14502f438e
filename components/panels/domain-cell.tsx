"use client";
/**
 * A domain's cell on the overview and the wall, from its registry entry (`cell`): headline KPIs
 * over one chart. "today" charts roll over at local midnight (the twin clock in the city); on a
 * wall they show the last 24 hours (midnight marked) so they never run empty.
 */
import { useMemo } from "react";
import { domainModule } from "@/domains";
import { useCityDayStart } from "@/components/live/city-day";
import { useTwinNow, useView } from "@/components/live/view-context";
import { useDisplayMode } from "@/components/ui/use-display-mode";
import {
  HEADLINE_KPIS,
  actualVsForecastFrame,
  cellQueries,
  cellQueriesBefore,
  districtBarsFrame,
  joinSeries,
  onDaySlots,
  onRollingSlots,
  pickKpis,
  singleSeriesFrame,
} from "@/lib/views/overview/view";
import { useDistrictValues, useKpis, useSeries } from "@/lib/twin-client/hooks";
import type { SeriesResponse } from "@/lib/twin-client/schemas";
import type { Domain } from "@/lib/twin/types";
import { DomainPanel, type DomainChart } from "./domain-panel";
import { useKpiThresholds } from "./use-thresholds";

const chartOf = (domain: Domain) => domainModule(domain).cell.chart;

export function DomainCell({ domain }: { domain: Domain }) {
  const { chart, thresholdsKpi } = domainModule(domain).cell;
  const dayStart = useCityDayStart();
  const { timezone } = useView();
  // Only a "today" chart rolls on a wall; the others already show a fixed window.
  const rolling = useDisplayMode() === "wall" && chart.kind === "today";
  const now = useTwinNow(60_000);
  // Keyed by `domain`: the registry's cell spec is a constant of the domain.
  const q = useMemo(() => cellQueries(chartOf(domain), new Date(dayStart), timezone), [domain, dayStart, timezone]);
  const before = useMemo(() => (rolling ? cellQueriesBefore(chartOf(domain), new Date(dayStart), timezone) : null), [rolling, domain, dayStart, timezone]);
  const kpis = useKpis({ domain });
  const main = useSeries(q.kind === "time" ? q.main : null);
  const overlay = useSeries(q.kind === "time" ? q.overlay : null);
  const mainBefore = useSeries(before?.main ?? null);
  const overlayBefore = useSeries(before?.overlay ?? null);
  const districts = useDistrictValues(q.kind === "districts" ? q.main : null);
  const thresholds = useKpiThresholds(pickKpis(kpis.data, [thresholdsKpi])[0]);
  const title = chart.kind === "today" && rolling ? chart.rollingTitle : chart.title;
  const view = useMemo((): DomainChart => {
    const chart = chartOf(domain);
    if (chart.kind === "districts") return { kind: "category", frame: districtBarsFrame(districts.data, { thresholds }), title };
    const meta = { timezone, thresholds };
    const series = (a: SeriesResponse | undefined, b: SeriesResponse | undefined) =>
      chart.kind === "today" && chart.overlay ? actualVsForecastFrame(a, b, meta) : singleSeriesFrame(a, { ...meta, name: chart.name ?? chart.title });
    if (chart.kind === "recent") return { kind: "time", frame: series(main.data, undefined), title };
    if (!rolling) return { kind: "time", frame: onDaySlots(series(main.data, overlay.data), new Date(dayStart), timezone), title };
    const joined = series(joinSeries(mainBefore.data, main.data), joinSeries(overlayBefore.data, overlay.data));
    return { kind: "time", frame: onRollingSlots(joined, now, timezone), title };
  }, [domain, title, rolling, districts.data, main.data, overlay.data, mainBefore.data, overlayBefore.data, timezone, thresholds, dayStart, now]);
  return (
    <DomainPanel
      domain={domain}
      kpiIds={HEADLINE_KPIS[domain]}
      kpis={kpis}
      chart={view}
      chartLoading={chart.kind === "districts" ? districts.isLoading : main.isLoading || overlay.isLoading}
    />
  );
}
