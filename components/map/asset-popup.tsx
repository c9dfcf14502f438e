"use client";
/** Popup body for one asset: names in both languages, type, district, latest values with units. */
import { useDistrictName, useView } from "@/components/live/view-context";
import { useAsset } from "@/lib/twin-client/hooks";
import { formatQuantity } from "@/lib/format/number";
import { formatClock } from "@/lib/format/time";
import { pick } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import type { AssetStatus } from "@/lib/twin/types";

const STATUS_KEY = { normal: "statusNormal", warning: "statusWarning", critical: "statusCritical", offline: "statusOffline" } as const;
const STATUS_CLASS: Record<AssetStatus, string> = { normal: "text-ok", warning: "text-warning", critical: "text-critical", offline: "text-muted" };

export function AssetPopup({ id }: { id: string }) {
  const { locale, timezone } = useView();
  const districtName = useDistrictName();
  const { data, error, isLoading } = useAsset(id);
  if (!data) {
    return <p className="m-0 text-sm text-muted">{error ? t(locale, "loadFailed") : isLoading ? t(locale, "loading") : id}</p>;
  }
  const p = data.properties;
  const names = new Map(p.datastreams.map((d) => [d.id, d.name]));
  return (
    <div className="min-w-52 text-sm">
      <p className="m-0 font-semibold text-fg">{p.name.en}</p>
      <p className="m-0 text-fg" lang="zh-Hans">
        {p.name.zh}
      </p>
      <p className="m-0 mt-1 text-xs text-muted">
        {p.type} · {pick(districtName(p.district), locale)} ·{" "}
        <span className={STATUS_CLASS[p.status]}>{t(locale, STATUS_KEY[p.status])}</span>
      </p>
      {p.latest.length > 0 ? (
        <table className="mt-2 w-full border-collapse text-xs">
          <caption className="sr-only">{t(locale, "latestValues")}</caption>
          <tbody>
            {p.latest.map((v) => (
              <tr key={v.datastreamId} className="border-t border-line">
                <th scope="row" className="py-0.5 pr-2 text-left font-normal text-muted">
                  {pick(names.get(v.datastreamId) ?? { en: v.datastreamId, zh: v.datastreamId }, locale)}
                </th>
                <td className={`tabular py-0.5 text-right ${v.stale ? "text-warning" : "text-fg"}`}>
                  {formatQuantity(v.v, v.unit.symbol, locale).text}
                  {v.stale ? ` (${t(locale, "stale")})` : ""}
                </td>
                <td className="tabular py-0.5 pl-2 text-right text-muted">
                  <time dateTime={v.t}>{formatClock(v.t, timezone, locale)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p className="m-0 mt-1 text-[0.6875rem] text-muted">
        {t(locale, "asOf")} <time dateTime={data.asOf}>{formatClock(data.asOf, timezone, locale, true)}</time>
      </p>
    </div>
  );
}
