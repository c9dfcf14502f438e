"use client";
/** The asset page's body: record, one chart per datastream, latest values, alert history. */
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { trendOption } from "@/components/charts/options/trend";
import { chartTheme } from "@/components/charts/theme";
import { useDistrictName, useView } from "@/components/live/view-context";
import { useColorScheme } from "@/components/ui/use-color-scheme";
import { EChartLazy } from "@/components/charts/echart-lazy";
import { trendFrame } from "@/lib/views/department/frames";
import { assetSeriesQuery } from "@/lib/views/department/queries";
import { RANGE_PRESETS, type RangeKind } from "@/lib/views/department/view-state";
import { useAlerts, useAsset, useSeries } from "@/lib/twin-client/hooks";
import type { SeriesResponse } from "@/lib/twin-client/schemas";
import { formatQuantity } from "@/lib/format/number";
import { formatDateTime } from "@/lib/format/time";
import { domainModule } from "@/domains";
import { pick } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import { ot } from "@/lib/i18n/ops-messages";

const RANGE_LABEL = { live: "rangeLive", "24h": "range24h", "7d": "range7d", "30d": "range30d" } as const;

export function AssetView({ id, range, from, to }: { id: string; range: RangeKind; from: string; to: string }) {
  const { locale, timezone } = useView();
  const scheme = useColorScheme();
  const districtName = useDistrictName();
  const params = useSearchParams();
  const asset = useAsset(id);
  const detail = asset.data;
  const streams = useMemo(() => detail?.properties.datastreams ?? [], [detail]);
  const series = useSeries(streams.length ? assetSeriesQuery(streams, { from: new Date(from), to: new Date(to) }) : null);
  const alerts = useAlerts({ asset: id, limit: 100 });
  if (!detail) return <p className="p-4 text-muted">{t(locale, "loading")}</p>;
  const p = detail.properties;
  const hrefFor = (r: string) => {
    const q = new URLSearchParams(params.toString());
    q.delete("from");
    q.delete("to");
    if (r === "24h") q.delete("range");
    else q.set("range", r);
    const s = q.toString();
    return s ? `?${s}` : "?";
  };
  const back = new URLSearchParams(params.toString());
  back.delete("asset");
  back.set("asset", id);
  return (
    <main id="main" className="flex flex-col gap-3 p-3">
      <section className="rounded-md border border-line bg-surface p-4">
        <p className="m-0 text-xs text-muted">
          <Link href={`/${p.domain}?${back.toString()}`} className="underline-offset-2 hover:underline">
            ← {pick(domainModule(p.domain).name, locale)}
          </Link>
        </p>
        <h1 className="m-0 mt-1 text-xl font-semibold">
          {pick(p.name, locale)} <span className="text-sm font-normal text-muted">{locale === "zh" ? p.name.en : p.name.zh}</span>
        </h1>
        <p className="m-0 text-sm text-muted">
          {p.type} ·{" "}
          <Link href={`/districts/${p.district}${locale === "zh" ? "?lang=zh" : ""}`} className="underline-offset-2 hover:underline">
            {pick(districtName(p.district), locale)}
          </Link>{" "}
          · {t(locale, p.status === "critical" ? "statusCritical" : p.status === "warning" ? "statusWarning" : p.status === "offline" ? "statusOffline" : "statusNormal")} · <code className="text-xs">{p.id}</code>
        </p>
        <dl className="m-0 mt-3 grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4">
          {Object.entries(p.properties).map(([k, v]) => (
            <div key={k}>
              <dt className="text-xs text-muted">{k}</dt>
              <dd className="m-0">{v === null ? "–" : String(v)}</dd>
            </div>
          ))}
        </dl>
      </section>
      <nav aria-label={ot(locale, "timeLabel")} className="flex gap-1 text-sm">
        {RANGE_PRESETS.map((r) => (
          <Link key={r} href={hrefFor(r)} aria-current={range === r ? "page" : undefined} className={`rounded border px-2 py-1 ${range === r ? "border-accent bg-accent/15 text-fg" : "border-line text-muted hover:text-fg"}`}>
            {ot(locale, RANGE_LABEL[r])}
          </Link>
        ))}
      </nav>
      <div className="grid grid-cols-1 gap-3 md:grid-cols-2 xl:grid-cols-3">
        {detail.properties.datastreams.map((d) => {
          const latest = detail.properties.latest.find((l) => l.datastreamId === d.id);
          const one: SeriesResponse | undefined = series.data ? { ...series.data, series: series.data.series.filter((s) => s.id === d.id) } : undefined;
          const built = trendFrame({ main: one, name: d.name, agg: "avg", timezone, cursor: null });
          return (
            <section key={d.id} className="rounded-md border border-line bg-surface px-3 py-2" aria-label={pick(d.name, locale)}>
              <header className="flex items-baseline gap-2">
                <h2 className="m-0 text-sm font-semibold">{pick(d.name, locale)}</h2>
                {latest ? (
                  <span className="tabular ml-auto text-sm">
                    {formatQuantity(latest.v, latest.unit.symbol, locale).text}{" "}
                    <time dateTime={latest.t} className="text-xs text-muted">
                      {t(locale, "asOf")} {formatDateTime(latest.t, timezone, locale)}
                    </time>
                    {latest.stale ? <span className="ml-1 text-xs text-warning">{t(locale, "stale")}</span> : null}
                  </span>
                ) : null}
              </header>
              <div className="h-40">{built ? <EChartLazy option={trendOption(built.frame, chartTheme(scheme, 1), locale, pick(d.name, locale))} height="100%" /> : <div className="skeleton h-full" />}</div>
            </section>
          );
        })}
      </div>
      <section className="rounded-md border border-line bg-surface px-3 py-2">
        <h2 className="m-0 text-sm font-semibold">{t(locale, "alerts")}</h2>
        {alerts.data && alerts.data.features.length === 0 ? <p className="text-sm text-muted">{t(locale, "noAlerts")}</p> : null}
        <table className="mt-1 w-full text-left text-sm">
          <thead className="text-xs text-muted">
            <tr>
              <th scope="col">{ot(locale, "since")}</th>
              <th scope="col">{ot(locale, "to")}</th>
              <th scope="col">{t(locale, "alerts")}</th>
              <th scope="col">state</th>
            </tr>
          </thead>
          <tbody>
            {(alerts.data?.features ?? []).map((f) => (
              <tr key={f.id} className="border-t border-line">
                <td className="tabular">{formatDateTime(f.properties.start, timezone, locale)}</td>
                <td className="tabular">{f.properties.end ? formatDateTime(f.properties.end, timezone, locale) : "–"}</td>
                <td>{pick(f.properties.description, locale)}</td>
                <td>{f.properties.state}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}
