"use client";
/** The district page's body: KPIs per department, a trend each, assets by status, alerts, links. */
import Link from "next/link";
import { useMemo } from "react";
import { trendOption } from "@/components/charts/options/trend";
import { EChartLazy } from "@/components/charts/echart-lazy";
import { chartTheme } from "@/components/charts/theme";
import { useView } from "@/components/live/view-context";
import { KpiStat } from "@/components/frame/kpi-stat";
import { KpiExplain } from "@/components/frame/kpi-explain";
import { ScorecardPanel } from "@/components/panels/scorecard/scorecard-panel";
import { useColorScheme } from "@/components/ui/use-color-scheme";
import { DEPARTMENTS } from "@/lib/config/departments";
import { trendFrame } from "@/lib/views/department/frames";
import { districtPageQueries } from "@/lib/views/department/queries";
import type { RangeKind } from "@/lib/views/department/view-state";
import { pickKpis } from "@/lib/views/overview/view";
import { sortAlerts } from "@/lib/views/overview/alerts";
import { useAlerts, useAssets, useKpis, useSeries } from "@/lib/twin-client/hooks";
import { formatQuantity } from "@/lib/format/number";
import { formatDateTime } from "@/lib/format/time";
import { pick } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import { ot } from "@/lib/i18n/ops-messages";
import { ASSET_STATUSES, DOMAINS, type Domain, type DistrictInfo } from "@/lib/twin/types";

function DomainTrend({ query, name }: { query: ReturnType<typeof districtPageQueries>["trends"][number]["query"]; name: { en: string; zh: string } }) {
  const { locale, timezone } = useView();
  const scheme = useColorScheme();
  const res = useSeries(query);
  const built = trendFrame({ main: res.data, name, agg: query.agg?.[0] ?? "avg", timezone, cursor: null });
  return <div className="h-36">{built ? <EChartLazy option={trendOption(built.frame, chartTheme(scheme, 1), locale, pick(name, locale))} height="100%" /> : <div className="skeleton h-full" />}</div>;
}

export function DistrictView({ district, range, from, to }: { district: DistrictInfo; range: RangeKind; from: string; to: string }) {
  const { locale, timezone } = useView();
  const q = useMemo(() => districtPageQueries(district.id, { from: new Date(from), to: new Date(to) }), [district.id, from, to]);
  const kpis = useKpis(q.kpis);
  const assets = useAssets(q.assets);
  const alerts = useAlerts(q.alerts);
  const counts = useMemo(() => {
    const out = new Map<Domain, Record<string, number>>();
    for (const f of assets.data?.features ?? []) {
      const c = out.get(f.properties.domain) ?? {};
      c[f.properties.status] = (c[f.properties.status] ?? 0) + 1;
      out.set(f.properties.domain, c);
    }
    return out;
  }, [assets.data]);
  const sorted = useMemo(() => sortAlerts((alerts.data?.features ?? []).map((f) => f.properties)), [alerts.data]);
  const keep = range === "24h" ? "" : `&range=${range}`;
  const lang = locale === "zh" ? "&lang=zh" : "";
  return (
    <main id="main" className="flex flex-col gap-3 p-3">
      <section className="rounded-md border border-line bg-surface p-4">
        <h1 className="m-0 text-xl font-semibold">
          {pick(district.name, locale)} <span className="text-sm font-normal text-muted">{locale === "zh" ? district.name.en : district.name.zh}</span>
        </h1>
        <p className="m-0 text-sm text-muted">
          {formatQuantity(district.areaKm2, "km²", locale).text} · {formatQuantity(district.population, null, locale, { compact: true }).text} {locale === "zh" ? "常住人口" : "residents"} (2020)
        </p>
      </section>
      <ScorecardPanel district={district.id} districtName={district.name} />
      <div className="grid grid-cols-1 gap-3 md:grid-cols-2 xl:grid-cols-4">
        {DOMAINS.map((d) => {
          const dept = DEPARTMENTS[d];
          const values = pickKpis(kpis.data, dept.kpis);
          const trend = q.trends.find((x) => x.domain === d);
          const c = counts.get(d) ?? {};
          return (
            <section key={d} className="flex flex-col gap-2 rounded-md border border-line bg-surface px-3 py-2" aria-labelledby={`d-${d}`}>
              <header className="flex items-baseline gap-2">
                <h2 id={`d-${d}`} className="m-0 text-sm font-semibold">
                  {pick(dept.title, locale)}
                </h2>
                <Link href={`/${d}?district=${district.id}${keep}${lang}`} className="ml-auto text-xs text-accent underline-offset-2 hover:underline">
                  {pick(dept.title, locale)} · {pick(district.name, locale)} →
                </Link>
              </header>
              <dl className="m-0 grid grid-cols-2 gap-2">
                {values.map((k) => (
                  <KpiStat key={k.definition.id} kpi={k} locale={locale} action={<KpiExplain kpi={k} />} />
                ))}
              </dl>
              {trend ? (
                <>
                  <h3 className="m-0 text-xs text-muted">{pick(trend.panel.title, locale)}</h3>
                  <DomainTrend query={trend.query} name={district.name} />
                </>
              ) : null}
              <p className="m-0 text-xs text-muted">
                {ASSET_STATUSES.map((s) => `${t(locale, s === "critical" ? "statusCritical" : s === "warning" ? "statusWarning" : s === "offline" ? "statusOffline" : "statusNormal")} ${c[s] ?? 0}`).join(" · ")}
              </p>
            </section>
          );
        })}
      </div>
      <section className="rounded-md border border-line bg-surface px-3 py-2">
        <h2 className="m-0 text-sm font-semibold">
          {ot(locale, "alertsNow")} ({alerts.data?.total ?? 0})
        </h2>
        <ul className="m-0 list-none p-0 text-sm">
          {sorted.slice(0, 30).map((a) => (
            <li key={a.id} className="flex gap-2 border-t border-line py-1">
              <span className="w-16 shrink-0 text-xs text-muted uppercase">{a.severity}</span>
              <Link href={`/assets/${a.assetId}${locale === "zh" ? "?lang=zh" : ""}`} className="underline-offset-2 hover:underline">
                {pick(a.description, locale)}
              </Link>
              <time dateTime={a.start} className="tabular ml-auto shrink-0 text-xs text-muted">
                {formatDateTime(a.start, timezone, locale)}
              </time>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
