"use client";
/**
 * The shape of every domain cell: headline KPIs over one chart, in a PanelFrame. DomainCell
 * (./domain-cell.tsx) fills it from the domain's registry entry.
 */
import { domainModule } from "@/domains";
import { ChartFigure } from "@/components/charts/chart-figure";
import { useView } from "@/components/live/view-context";
import { KpiStat, KpiStatsSkeleton, KpiTile } from "@/components/frame/kpi-stat";
import { PanelFrame } from "@/components/frame/panel-frame";
import { useDisplayMode } from "@/components/ui/use-display-mode";
import { panelFreshness } from "@/lib/views/overview/freshness";
import type { BarsFrame, TrendFrame } from "@/lib/views/department/frames";
import { pickKpis, topBars } from "@/lib/views/overview/view";
import type { KpisResponse } from "@/lib/twin-client/schemas";
import { pick } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import type { Domain, LocalizedText } from "@/lib/twin/types";

export const CHART_HEIGHT = 176;
/** Bars a wall panel shows (their names stay readable at 5 m). */
const WALL_MAX_BARS = 5;

/** The cell's one chart: a time series, or bars per category. */
export type DomainChart =
  | { kind: "time"; frame: TrendFrame | null; title: LocalizedText }
  | { kind: "category"; frame: BarsFrame | null; title: LocalizedText };

export interface DomainPanelProps {
  domain: Domain;
  kpiIds: readonly string[];
  kpis: { data?: KpisResponse; error?: Error; isLoading: boolean; mutate: () => unknown };
  chart: DomainChart;
  chartLoading: boolean;
}

export function DomainPanel({ domain, kpiIds, kpis, chart, chartLoading }: DomainPanelProps) {
  const { locale } = useView();
  const wall = useDisplayMode() === "wall";
  const values = pickKpis(kpis.data, kpiIds);
  // The data's own time (oldest shown KPI), not the response's fetch time.
  const fresh = panelFreshness(values);
  return (
    <PanelFrame
      id={domain}
      title={pick(domainModule(domain).name, locale)}
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
      {wall ? (
        <WallBody values={values} chart={chart} chartLoading={chartLoading} />
      ) : (
      <>
      <dl className="m-0 grid gap-3" style={{ gridTemplateColumns: `repeat(${values.length}, minmax(0, 1fr))` }}>
        {values.map((k) => (
          <KpiStat key={k.definition.id} kpi={k} locale={locale} />
        ))}
      </dl>
      <h3 className="mt-3 mb-1 text-xs font-medium text-muted">{pick(chart.title, locale)}</h3>
      {chart.frame ? (
        <ChartFigure
          frame={chart.frame}
          title={pick(chart.title, locale)}
          locale={locale}
          height={chart.frame.kind === "bars" ? Math.max(CHART_HEIGHT, chart.frame.bars.length * 20 + 16) : CHART_HEIGHT}
        />
      ) : chartLoading ? (
        <div className="skeleton w-full" style={{ height: `${CHART_HEIGHT / 16}rem` }} />
      ) : (
        <p className="flex items-center text-sm text-muted" style={{ height: `${CHART_HEIGHT / 16}rem` }}>
          {t(locale, "noData")}
        </p>
      )}
      </>
      )}
    </PanelFrame>
  );
}

/**
 * A domain panel on a wall: the first KPI as a headline tile filling the panel's width, the others
 * in a row of smaller tiles, each coloured by its thresholds; the chart takes the height left.
 */
function WallBody({ values, chart, chartLoading }: { values: ReturnType<typeof pickKpis>; chart: DomainChart; chartLoading: boolean }) {
  const { locale } = useView();
  const [first, ...rest] = values;
  // Bars a wall can name in type read at 5 m: the highest few (the frame is sorted highest first).
  const all = chart.kind === "category" ? chart.frame : null;
  const bars = all ? topBars(all, WALL_MAX_BARS) : null;
  // The unit first: a long title is cut at its end on a narrow panel, never the unit.
  const unit = chart.frame && chart.frame.unit !== "" && chart.frame.unit !== "1" ? `${chart.frame.unit} · ` : "";
  const title =
    all && bars && bars.bars.length < all.bars.length
      ? `${pick(chart.title, locale)} · ${t(locale, "highestOf", { n: String(bars.bars.length), total: String(all.bars.length) })}`
      : `${unit}${pick(chart.title, locale)}`;
  return (
    <div className="flex min-h-0 flex-1 flex-col gap-[0.4rem]">
      <dl className="wall-kpis m-0 flex flex-col gap-[0.4rem]">
        {first ? <KpiTile kpi={first} locale={locale} headline /> : null}
        {rest.length > 0 ? (
          <div className="grid gap-[0.4rem]" style={{ gridTemplateColumns: `repeat(${rest.length}, minmax(0, 1fr))` }}>
            {rest.map((k) => (
              <KpiTile key={k.definition.id} kpi={k} locale={locale} />
            ))}
          </div>
        ) : null}
      </dl>
      <h3 className="m-0 mt-[0.2rem] truncate text-[1.1rem] leading-tight font-medium text-muted" title={title}>
        {title}
      </h3>
      <div className="min-h-[6rem] flex-1">
        {chart.frame ? (
          <ChartFigure frame={bars ?? chart.frame} title={pick(chart.title, locale)} locale={locale} height="fill" />
        ) : chartLoading ? (
          <div className="skeleton h-full w-full" />
        ) : (
          <p className="text-[1.1rem] text-muted">{t(locale, "noData")}</p>
        )}
      </div>
    </div>
  );
}
