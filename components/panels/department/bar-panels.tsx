"use client";
/**
 * The department panels drawn as horizontal bars: a metric by district (a click filters the page
 * by that district), assets ranked by a value (a click selects the asset on the map), a histogram
 * of a value across all assets, and a value summed over groups (e.g. metro lines).
 */
import Link from "next/link";
import { useCallback, useMemo } from "react";
import { useDepartmentView, useSelectDistrict } from "@/components/department/department-view";
import { barsOption } from "@/components/charts/options/bars";
import { barsSummary, histogramSummary } from "@/components/charts/summary";
import { chartTheme } from "@/components/charts/theme";
import { useView } from "@/components/live/view-context";
import { useColorScheme } from "@/components/ui/use-color-scheme";
import type { DistributionPanel, DistrictsPanel, GroupPanel, RankPanel } from "@/lib/config/departments";
import { kpiThresholds } from "@/lib/views/overview/view";
import { districtBars, groupBars, histogram, rankBars, type BarsFrame, type DataTable } from "@/lib/views/department/frames";
import { districtValuesQuery, rankQuery } from "@/lib/views/department/queries";
import { useDistrictValues, useRank } from "@/lib/twin-client/hooks";
import { formatQuantity } from "@/lib/format/number";
import { pick } from "@/lib/i18n/locale";
import { ot } from "@/lib/i18n/ops-messages";
import { answerProps, DeptPanel } from "./dept-panel";
import { useViewInput, useViewKpi } from "./use-view-input";

const BAR_PX = 22;

function useBarsOption(frame: BarsFrame | undefined, title: string) {
  const { locale } = useView();
  const scheme = useColorScheme();
  return useMemo(() => (frame ? barsOption(frame, chartTheme(scheme, 1), locale, title) : null), [frame, scheme, locale, title]);
}

export function DistrictsBarPanel({ panel }: { panel: DistrictsPanel }) {
  const { locale } = useView();
  const { state } = useDepartmentView();
  const select = useSelectDistrict();
  const res = useDistrictValues(districtValuesQuery(panel.metric, useViewInput()));
  const kpi = useViewKpi(panel.kpi);
  const built = useMemo(() => districtBars(res.data, panel.better, state.district), [res.data, panel.better, state.district]);
  const frame = useMemo(() => (built ? { ...built.frame, marks: kpiThresholds(kpi) } : undefined), [built, kpi]);
  const title = pick(panel.title, locale);
  const option = useBarsOption(frame, title);
  return (
    <DeptPanel
      panel={panel}
      asOf={res.data?.asOf}
      stale={res.data?.city.stale}
      // The API marks the values stale by their own cadence (up to 15 min); this limit only
      // catches answers that stopped coming.
      staleAfterSeconds={2700}
      loading={res.isLoading}
      error={res.error}
      onRetry={() => void res.mutate()}
      option={option}
      table={built?.table ?? null}
      meta={{ unit: res.data?.metric.unit.symbol || "1", metric: panel.metric, at: res.data?.at ?? "" }}
      kpi={kpi}
      summary={frame ? barsSummary(frame, title, locale) : title}
      height={(frame?.bars.length ?? 10) * BAR_PX + 16}
      bandClick="y"
      onClick={(c) => {
        const id = frame?.bars[c.dataIndex]?.id;
        if (id) select(id);
      }}
    />
  );
}

export function RankBarPanel({ panel }: { panel: RankPanel }) {
  const { locale } = useView();
  const { state, update, query } = useDepartmentView();
  const res = useRank(rankQuery(panel, useViewInput()));
  const built = useMemo(() => rankBars(res.data, state.asset, { en: panel.property, zh: panel.property }), [res.data, state.asset, panel.property]);
  const title = pick(panel.title, locale);
  const option = useBarsOption(built?.frame, title);
  // The asset page of the bar last clicked here (it is selected on the map too), else of the top one.
  const linked = built?.frame.bars.find((b) => b.selected) ?? built?.frame.bars[0];
  // The asset page keeps the view (range, cursor) the head is looking at.
  const hrefOf = useCallback((id: string) => `/assets/${id}${query ? `?${query}` : ""}`, [query]);
  const rowHref = useCallback((row: readonly unknown[]) => (typeof row[0] === "string" ? hrefOf(row[0]) : null), [hrefOf]);
  return (
    <DeptPanel
      panel={panel}
      {...answerProps(res)}
      staleAfterSeconds={900}
      option={option}
      table={built?.table ?? null}
      meta={{ unit: res.data?.unit.symbol || "1", measure: `${panel.type}.${panel.property}${panel.per ? ` per ${panel.per}` : ""}`, at: res.data?.at ?? "" }}
      summary={built ? barsSummary(built.frame, title, locale) : title}
      height={Math.max(3, built?.frame.bars.length ?? panel.limit) * BAR_PX + 16}
      bandClick="y"
      onClick={(c) => {
        const id = built?.frame.bars[c.dataIndex]?.id;
        if (id) update({ asset: id === state.asset ? null : id });
      }}
      rowHref={rowHref}
      footer={
        linked ? (
          <p className="mt-1 truncate text-xs text-muted">
            <Link className="inline-block py-1 underline-offset-2 hover:text-fg hover:underline" href={hrefOf(linked.id)}>
              {ot(locale, "assetPage")}: {pick(linked.name, locale)} →
            </Link>
          </p>
        ) : null
      }
    />
  );
}

export function DistributionBarPanel({ panel }: { panel: DistributionPanel }) {
  const { locale } = useView();
  const res = useRank(rankQuery(panel, useViewInput()));
  const mark = panel.marks?.[0];
  // The standard falls on a bin edge: bins past it are coloured, and the share within it is said.
  const built = useMemo(() => histogram(res.data, panel.binWidth, mark?.value), [res.data, panel.binWidth, mark?.value]);
  const frame = built?.frame;
  const title = pick(panel.title, locale);
  const option = useBarsOption(frame, title);
  const unit = res.data?.unit.symbol ?? "";
  const within = built && mark ? ot(locale, "withinStandard", { share: formatQuantity(built.within(mark.value) * 100, "%", locale, { digits: 0 }).text, limit: formatQuantity(mark.value, unit, locale).text }) : null;
  return (
    <DeptPanel
      panel={panel}
      {...answerProps(res)}
      staleAfterSeconds={2700}
      option={option}
      table={built?.table ?? null}
      meta={{ unit: unit || "1", measure: `${panel.type}.${panel.property}`, "bin width": String(panel.binWidth), assets: String(res.data?.total ?? 0) }}
      summary={frame ? histogramSummary(frame, title, locale, within) : title}
      height={Math.max(4, frame?.bars.length ?? 6) * BAR_PX + 16}
      note={within ? <p className="tabular mb-1 text-xs text-muted">{within}</p> : null}
    />
  );
}

export function GroupBarPanel({ panel }: { panel: GroupPanel }) {
  const { locale } = useView();
  const res = useRank(rankQuery(panel, useViewInput()));
  const lineName = (g: string) => ({ en: `Line ${g}`, zh: `${g}号线` });
  const built = useMemo(() => groupBars(res.data, panel.groupBy, panel.agg, lineName), [res.data, panel.groupBy, panel.agg]);
  const title = pick(panel.title, locale);
  const option = useBarsOption(built?.frame, title);
  return (
    <DeptPanel
      panel={panel}
      {...answerProps(res)}
      staleAfterSeconds={900}
      option={option}
      table={(built?.table as DataTable | undefined) ?? null}
      meta={{ unit: res.data?.unit.symbol || "1", measure: `${panel.agg} of ${panel.type}.${panel.property} by ${panel.groupBy}` }}
      summary={built ? barsSummary(built.frame, title, locale) : title}
      height={Math.max(4, built?.frame.bars.length ?? 10) * BAR_PX + 16}
    />
  );
}
