"use client";
/**
 * The district scorecard: districts × each department's key indicators (the registry's
 * `scorecard` lists), each cell coloured by the indicator's own levels, with its rank and a 24-hour
 * sparkline, the city as the reference row. A real table: caption, scoped headers, sortable
 * columns (worst first, then best first), units in the headings, the level in words.
 * `district` turns it into that district against the city, with its rank ("3rd of 10").
 */
import { useMemo, useState, type ReactNode } from "react";
import { PanelFrame } from "@/components/frame/panel-frame";
import { useView } from "@/components/live/view-context";
import { formatDateTime } from "@/lib/format/time";
import { pick, type Locale } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import { sct } from "@/lib/i18n/scorecard-messages";
import { useScorecard } from "@/lib/views/scorecard/hooks";
import { ordinal, scorecardView, sortRows, type ScorecardView } from "@/lib/views/scorecard/view";
import { DOMAIN_MODULES } from "@/domains";
import { ColumnNote, ValueCell } from "./scorecard-parts";

export const SCORECARD_TEST_ID = "scorecard";

const HEAD = "border border-line px-2 py-1 text-left text-xs font-semibold";

/** The table with its caption: what it shows, "simulated" when it is, and the as-of time. */
function Table({
  caption,
  view,
  locale,
  timezone,
  wide,
  children,
}: {
  caption: string;
  view: ScorecardView;
  locale: Locale;
  timezone: string;
  wide: boolean;
  children: ReactNode;
}) {
  return (
    <div className="min-w-0 overflow-x-auto">
      <table className={`${wide ? "w-full" : "w-auto"} border-collapse text-sm`} data-testid="scorecard-table">
        <caption className="pb-1 text-left text-xs text-muted">
          {caption}{" "}
          <span className="whitespace-nowrap">
            {view.simulated ? `${t(locale, "simulated")} · ` : ""}
            {t(locale, "asOf")} <time dateTime={view.asOf}>{formatDateTime(view.asOf, timezone, locale)}</time>
          </span>
        </caption>
        {children}
      </table>
    </div>
  );
}

/** Domain groups over the columns, in column order. */
function groups(view: ScorecardView) {
  const out: { domain: string; span: number }[] = [];
  for (const c of view.columns) {
    const last = out[out.length - 1];
    if (last && last.domain === c.domain) last.span++;
    else out.push({ domain: c.domain, span: 1 });
  }
  return out;
}

function domainName(domain: string, locale: Locale): string {
  const m = DOMAIN_MODULES.find((d) => d.id === domain);
  return m ? pick(m.name, locale) : domain;
}

function CityTable({ view, locale, timezone }: { view: ScorecardView; locale: Locale; timezone: string }) {
  // Sort: a column index, worst first or best first; null keeps the districts' order.
  const [sort, setSort] = useState<{ column: number; worstFirst: boolean } | null>(null);
  const rows = sortRows(view.rows, sort?.column ?? null, sort?.worstFirst ?? true);
  const cityName = sct(locale, "city");
  return (
    <Table caption={sct(locale, "caption")} view={view} locale={locale} timezone={timezone} wide>
      <thead>
        <tr>
          <td />
          {groups(view).map((g) => (
            <th
              key={g.domain}
              scope="colgroup"
              colSpan={g.span}
              className="border border-line px-2 py-0.5 text-left text-xs font-semibold text-muted"
            >
              {domainName(g.domain, locale)}
            </th>
          ))}
          <td />
        </tr>
        <tr>
          <th scope="col" className={HEAD}>
            {sct(locale, "district")}
          </th>
          {view.columns.map((c, i) => {
            const active = sort?.column === i;
            const name = pick(c.name, locale);
            return (
              <th
                key={c.metric}
                scope="col"
                aria-sort={active ? (sort.worstFirst === (c.better === "lower") ? "descending" : "ascending") : "none"}
                className="border border-line p-0 text-left align-bottom text-xs font-semibold"
              >
                <button
                  type="button"
                  className="w-full px-2 py-1 text-left hover:bg-surface-2"
                  onClick={() =>
                    setSort(active && sort.worstFirst ? { column: i, worstFirst: false } : active ? null : { column: i, worstFirst: true })
                  }
                >
                  {name}
                  <span aria-hidden="true">{active ? (sort.worstFirst ? " ▼" : " ▲") : ""}</span>
                  <ColumnNote column={c} locale={locale} />
                  <span className="sr-only">
                    {active ? `, ${sct(locale, sort.worstFirst ? "sortedWorst" : "sortedBest")}` : `, ${sct(locale, "sortBy", { name })}`}
                  </span>
                </button>
              </th>
            );
          })}
          <th
            scope="col"
            className="border border-line px-2 py-1 text-left align-bottom text-xs font-semibold"
            title={sct(locale, "offNormalHint")}
          >
            {sct(locale, "offNormal")}
          </th>
        </tr>
      </thead>
      <tbody>
        <tr className="bg-surface-2" data-testid="scorecard-city">
          <th scope="row" className="border border-line px-2 py-1 text-left text-sm font-semibold">
            {cityName}
          </th>
          {view.city.map((cell, i) => (
            <ValueCell
              key={view.columns[i]!.metric}
              cell={cell}
              column={view.columns[i]!}
              district={null}
              districtName={cityName}
              locale={locale}
            />
          ))}
          <td className="border border-line" />
        </tr>
        {rows.map((r) => {
          const name = pick(r.name, locale);
          return (
            <tr key={r.id} data-testid="scorecard-row" data-district-row={r.id}>
              <th scope="row" className="border border-line px-2 py-1 text-left text-sm font-normal whitespace-nowrap">
                {name}
              </th>
              {r.cells.map((cell, i) => (
                <ValueCell
                  key={view.columns[i]!.metric}
                  cell={cell}
                  column={view.columns[i]!}
                  district={r.id}
                  districtName={name}
                  locale={locale}
                />
              ))}
              <td className="tabular border border-line px-2 py-1 text-center text-sm">{r.alarms}</td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}

function DistrictTable({ view, district, locale, timezone }: { view: ScorecardView; district: string; locale: Locale; timezone: string }) {
  const row = view.rows.find((r) => r.id === district);
  if (!row) return null;
  const name = pick(row.name, locale);
  const cityName = sct(locale, "city");
  return (
    <Table caption={sct(locale, "districtQuestion")} view={view} locale={locale} timezone={timezone} wide={false}>
      <thead>
        <tr>
          <th scope="col" className={HEAD}>
            {sct(locale, "indicator")}
          </th>
          <th scope="col" className={HEAD}>
            {name}
          </th>
          <th scope="col" className={HEAD}>
            {sct(locale, "rank")}
          </th>
          <th scope="col" className={HEAD}>
            {cityName}
          </th>
        </tr>
      </thead>
      <tbody>
        {view.columns.map((c, i) => {
          const cell = row.cells[i]!;
          return (
            <tr key={c.metric} data-testid="scorecard-row" data-metric-row={c.metric}>
              <th scope="row" className="border border-line px-2 py-1 text-left text-sm font-normal">
                <span className="text-xs text-muted">{domainName(c.domain, locale)} · </span>
                {pick(c.name, locale)}
                <ColumnNote column={c} locale={locale} />
              </th>
              <ValueCell cell={cell} column={c} district={district} districtName={name} locale={locale} showRank={false} />
              <td className="tabular border border-line px-2 py-1 text-sm whitespace-nowrap" data-testid="scorecard-rank-of">
                {cell.rank === null ? "–" : sct(locale, "rankOf", { rank: ordinal(cell.rank, locale), n: cell.of })}
              </td>
              <ValueCell cell={view.city[i]!} column={c} district={null} districtName={cityName} locale={locale} />
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}

/** The scorecard panel; with `district`, that district against the city. */
export function ScorecardPanel({
  district,
  districtName,
  className,
}: {
  district?: string;
  districtName?: { en: string; zh: string };
  className?: string;
}) {
  const { locale, timezone } = useView();
  const res = useScorecard();
  const view = useMemo(() => (res.data ? scorecardView(res.data) : null), [res.data]);
  const title = district && districtName ? sct(locale, "districtTitle", { district: pick(districtName, locale) }) : sct(locale, "title");
  return (
    <PanelFrame
      id={SCORECARD_TEST_ID}
      testId={SCORECARD_TEST_ID}
      title={title}
      subtitle={district ? undefined : sct(locale, "question")}
      asOf={res.data?.asOf}
      hasData={view !== null}
      loading={res.isLoading}
      error={res.error}
      onRetry={() => void res.mutate()}
      skeleton={<div className="skeleton h-64" />}
      className={className}
    >
      {view ? (
        district ? (
          <DistrictTable view={view} district={district} locale={locale} timezone={timezone} />
        ) : (
          <CityTable view={view} locale={locale} timezone={timezone} />
        )
      ) : null}
    </PanelFrame>
  );
}
