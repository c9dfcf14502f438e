"use client";
/**
 * The shape shared by the four domain panels: headline KPIs over one chart, in a PanelFrame.
 * Each domain file only says which data and which chart.
 */
import { ChartFigure } from "@/components/charts/chart-figure";
import type { CategoryFrame, TimeSeriesFrame } from "@/components/charts/types";
import { useView } from "@/components/live/view-context";
import { KpiStat, KpiStatsSkeleton } from "@/components/panel/kpi-stat";
import { PanelFrame } from "@/components/panel/panel-frame";
import { panelFreshness } from "@/lib/domains/overview/freshness";
import { pickKpis } from "@/lib/domains/overview/view";
import type { KpisResponse } from "@/lib/domains/twin/schemas";
import { pick } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import type { Domain, LocalizedText } from "@/lib/twin/types";

export const CHART_HEIGHT = 176;

type Chart =
  | { kind: "time"; frame: TimeSeriesFrame | null; title: LocalizedText }
  | { kind: "category"; frame: CategoryFrame | null; title: LocalizedText };

export interface DomainPanelProps {
  domain: Domain;
  kpiIds: readonly string[];
  kpis: { data?: KpisResponse; error?: Error; isLoading: boolean; mutate: () => unknown };
  chart: Chart;
  chartLoading: boolean;
}

export function DomainPanel({ domain, kpiIds, kpis, chart, chartLoading }: DomainPanelProps) {
  const { locale } = useView();
  const values = pickKpis(kpis.data, kpiIds);
  // The data's own time (oldest shown KPI), not the response's fetch time.
  const fresh = panelFreshness(values);
  return (
    <PanelFrame
      id={domain}
      title={t(locale, domain)}
      asOf={fresh.asOf}
      stale={fresh.stale}
      staleAfterSeconds={fresh.staleAfterSeconds}
      hasData={values.length > 0}
      loading={kpis.isLoading}
      error={kpis.error}
      onRetry={() => void kpis.mutate()}
      skeleton={
        <div className="flex flex-col gap-3">
          <KpiStatsSkeleton count={kpiIds.length} />
          <div className="skeleton w-full" style={{ height: `${CHART_HEIGHT / 16}rem` }} />
        </div>
      }
    >
      <dl className="m-0 grid gap-3" style={{ gridTemplateColumns: `repeat(${values.length}, minmax(0, 1fr))` }}>
        {values.map((k) => (
          <KpiStat key={k.definition.id} kpi={k} locale={locale} />
        ))}
      </dl>
      <h3 className="mt-3 mb-1 text-xs font-medium text-muted">{pick(chart.title, locale)}</h3>
      {chart.frame ? (
        chart.kind === "time" ? (
          <ChartFigure kind="time" frame={chart.frame} locale={locale} height={CHART_HEIGHT} />
        ) : (
          <ChartFigure
            kind="category"
            frame={chart.frame}
            locale={locale}
            height={Math.max(CHART_HEIGHT, chart.frame.categories.length * 20 + 16)}
          />
        )
      ) : chartLoading ? (
        <div className="skeleton w-full" style={{ height: `${CHART_HEIGHT / 16}rem` }} />
      ) : (
        <p className="flex items-center text-sm text-muted" style={{ height: `${CHART_HEIGHT / 16}rem` }}>
          {t(locale, "noData")}
        </p>
      )}
    </PanelFrame>
  );
}
