"use client";
/**
 * The department's headline KPIs for the view (district filter, cursor): value with unit, change
 * against the chosen comparison (the same moment last week, of the previous period, or yesterday,
 * said in words beside each change), status, and "explain" with the full definition. As-of is the oldest
 * value shown, so the strip never looks fresher than its slowest figure.
 */
import { useDepartmentView } from "@/components/department/department-view";
import { useDistrictName, useView } from "@/components/live/view-context";
import { KpiExplain } from "@/components/frame/kpi-explain";
import { KpiStat, KpiStatsSkeleton } from "@/components/frame/kpi-stat";
import { PanelFrame } from "@/components/frame/panel-frame";
import { panelFreshness } from "@/lib/views/overview/freshness";
import { pickKpis } from "@/lib/views/overview/view";
import { kpisQuery } from "@/lib/views/department/queries";
import { useKpis } from "@/lib/twin-client/hooks";
import { pick } from "@/lib/i18n/locale";
import { ot } from "@/lib/i18n/ops-messages";
import { DEPT_IDS } from "@/lib/test-ids";
import { comparisonAt, comparisonLabel } from "./comparison";
import { useViewInput } from "./use-view-input";

export function KpiStrip() {
  const { locale, timezone } = useView();
  const districtName = useDistrictName();
  const { department, state, cursor, nowMs, shiftMs } = useDepartmentView();
  const v = useViewInput();
  const res = useKpis(kpisQuery(department.domain, v));
  // The KPIs at the compared moment (same district): one more request, only with a comparison.
  const againstMs = comparisonAt(state, cursor?.getTime() ?? nowMs, shiftMs);
  const against = useKpis(againstMs === null ? null : { ...kpisQuery(department.domain, v), at: new Date(againstMs) });
  const label = comparisonLabel(state, locale);
  const values = pickKpis(res.data, department.kpis);
  const previous = (id: string, own: number | null) =>
    againstMs === null ? own : (against.data?.kpis.find((k) => k.definition.id === id)?.value ?? null);
  const fresh = panelFreshness(values);
  const historical = state.at !== null || state.range === "custom";
  const scope = state.district ? pick(districtName(state.district), locale) : ot(locale, "allDistricts");
  return (
    <PanelFrame
      id="kpis"
      testId={DEPT_IDS.kpiStrip}
      title={`${ot(locale, "kpiStripLabel")} · ${scope}`}
      asOf={fresh.asOf}
      stale={historical ? false : fresh.stale}
      staleAfterSeconds={historical ? Number.POSITIVE_INFINITY : fresh.staleAfterSeconds}
      hasData={values.length > 0}
      loading={res.isLoading}
      error={res.error}
      onRetry={() => void res.mutate()}
      skeleton={<KpiStatsSkeleton count={department.kpis.length} />}
    >
      <dl className="m-0 grid grid-cols-2 gap-3">
        {values.map((k) => (
          <KpiStat
            key={k.definition.id}
            kpi={k}
            locale={locale}
            timezone={timezone}
            action={<KpiExplain kpi={k} />}
            comparison={{ previous: previous(k.definition.id, k.previous), label }}
          />
        ))}
      </dl>
    </PanelFrame>
  );
}
