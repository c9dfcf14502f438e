"use client";
/**
 * The alarm history page's body: the filter form (its values go into the URL), response times
 * over the filtered set, the page of alarms with their threads and actions, paging and the CSV
 * download. The list and the figures are live (SWR, refreshed by `alert` events).
 */
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { useDistrictName, useView } from "@/components/live/view-context";
import { AlertActions } from "@/components/panels/alerts/alert-actions";
import { AlertWorkflow } from "@/components/panels/alerts/alert-thread";
import { DEPARTMENTS } from "@/lib/config/departments";
import { HISTORY_PAGE_SIZE, HISTORY_RANGES, historyHref, type HistoryRange, type HistoryView } from "@/lib/views/alarms/view";
import { fromZonedInput, toZonedInput } from "@/lib/views/department/view-state";
import { useAlertStats, useAlerts } from "@/lib/twin-client/hooks";
import { alertExportUrl } from "@/lib/twin-client/keys";
import type { AlertFilter, AlertsQuery, AlertStatsResponse } from "@/lib/twin-client/schemas";
import { formatDateTime, formatDuration } from "@/lib/format/time";
import { am, type AlarmMessageKey } from "@/lib/i18n/alarm-messages";
import { pick } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import { SEVERITY, SEVERITY_NAME } from "@/lib/i18n/severity";
import { ALARM_IDS } from "@/lib/test-ids";
import { ALERT_SEVERITIES, ALERT_STATES, DOMAINS, type AlertSeverity, type AlertState } from "@/lib/twin/types";

const RANGE_LABEL: Record<HistoryRange, AlarmMessageKey> = { "24h": "range24h", "7d": "range7d", "30d": "range30d", all: "rangeAll", custom: "rangeCustom" };
const STATE_LABEL: Record<AlertState, AlarmMessageKey> = { open: "stateOpen", acknowledged: "stateAcknowledged", assigned: "stateAssigned", resolved: "stateResolved" };
const BADGE: Record<AlertSeverity, string> = {
  critical: "bg-critical text-bg",
  major: "bg-warning text-bg",
  minor: "border border-accent text-accent",
  info: "border border-offline text-muted",
};
/** Most severe first, as every alarm list reads. */
const SEVERITIES_DESC = [...ALERT_SEVERITIES].reverse();

const field = "rounded border border-line bg-bg px-2 py-1 text-sm text-fg";

export function AlarmHistory({ view, filter, query }: { view: HistoryView; filter: AlertFilter; query: AlertsQuery }) {
  const { locale, timezone, districts, session } = useView();
  const districtName = useDistrictName();
  const router = useRouter();
  const list = useAlerts(query);
  const stats = useAlertStats(filter);
  const domains = session ? DOMAINS.filter((d) => session.domains.includes(d)) : DOMAINS;
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / HISTORY_PAGE_SIZE));
  const alerts = (list.data?.features ?? []).map((f) => f.properties);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const d = new FormData(e.currentTarget);
    const str = (k: string) => String(d.get(k) ?? "");
    const range = (HISTORY_RANGES as readonly string[]).includes(str("range")) ? (str("range") as HistoryRange) : "7d";
    const from = fromZonedInput(str("from"), timezone);
    const to = fromZonedInput(str("to"), timezone);
    const next: HistoryView = {
      ...(str("domain") ? { domain: str("domain") as HistoryView["domain"] & string } : {}),
      ...(str("district") ? { district: str("district") } : {}),
      severity: ALERT_SEVERITIES.filter((s) => d.getAll("severity").includes(s)),
      state: ALERT_STATES.filter((s) => d.getAll("state").includes(s)),
      range,
      ...(range === "custom" && from ? { from: from.toISOString() } : {}),
      ...(range === "custom" && to ? { to: to.toISOString() } : {}),
      page: 1,
    };
    router.push(historyHref(next, locale));
  }

  const pageHref = (page: number) => historyHref({ ...view, page }, locale);
  return (
    <>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold text-fg">{am(locale, "title")}</h1>
          <p className="text-sm text-muted">{am(locale, "intro")}</p>
        </div>
        <a
          href={alertExportUrl(filter, locale)}
          download
          data-testid={ALARM_IDS.export}
          title={am(locale, "exportHint")}
          className="min-h-9 rounded bg-accent px-3 py-1.5 text-sm font-semibold text-bg"
        >
          {am(locale, "exportCsv")}
        </a>
      </div>

      <form
        method="get"
        action="/alarms"
        onSubmit={onSubmit}
        data-testid={ALARM_IDS.filters}
        aria-label={am(locale, "filters")}
        className="flex flex-wrap items-end gap-3 rounded border border-line bg-surface p-3"
      >
        {locale === "zh" ? <input type="hidden" name="lang" value="zh" /> : null}
        <label className="flex flex-col gap-1 text-xs text-muted">
          {am(locale, "domain")}
          <select name="domain" defaultValue={view.domain ?? ""} data-testid={ALARM_IDS.domain} className={field}>
            <option value="">{am(locale, "all")}</option>
            {domains.map((d) => (
              <option key={d} value={d}>
                {pick(DEPARTMENTS[d].title, locale)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs text-muted">
          {am(locale, "district")}
          <select name="district" defaultValue={view.district ?? ""} data-testid={ALARM_IDS.district} className={field}>
            <option value="">{am(locale, "all")}</option>
            {districts.map((d) => (
              <option key={d.id} value={d.id}>
                {pick(d.name, locale)}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="flex flex-col gap-1 text-xs text-muted">
          <legend className="mb-1">{am(locale, "severity")}</legend>
          <div className="flex flex-wrap gap-2">
            {SEVERITIES_DESC.map((s) => (
              <label key={s} className="flex items-center gap-1 text-sm text-fg">
                <input type="checkbox" name="severity" value={s} defaultChecked={view.severity.includes(s)} data-testid={`${ALARM_IDS.severity}-${s}`} />
                {pick(SEVERITY_NAME[s], locale)}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="flex flex-col gap-1 text-xs text-muted">
          <legend className="mb-1">{am(locale, "state")}</legend>
          <div className="flex flex-wrap gap-2">
            {ALERT_STATES.map((s) => (
              <label key={s} className="flex items-center gap-1 text-sm text-fg">
                <input type="checkbox" name="state" value={s} defaultChecked={view.state.includes(s)} data-testid={`${ALARM_IDS.state}-${s}`} />
                {am(locale, STATE_LABEL[s])}
              </label>
            ))}
          </div>
        </fieldset>
        <label className="flex flex-col gap-1 text-xs text-muted">
          {am(locale, "range")}
          <select name="range" defaultValue={view.range} data-testid={ALARM_IDS.range} className={field}>
            {HISTORY_RANGES.map((r) => (
              <option key={r} value={r}>
                {am(locale, RANGE_LABEL[r])}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs text-muted">
          {am(locale, "from")}
          <input type="datetime-local" name="from" defaultValue={filter.from ? toZonedInput(filter.from, timezone) : ""} className={field} />
        </label>
        <label className="flex flex-col gap-1 text-xs text-muted">
          {am(locale, "to")}
          <input type="datetime-local" name="to" defaultValue={filter.to ? toZonedInput(filter.to, timezone) : ""} className={field} />
        </label>
        <div className="flex gap-2">
          <button type="submit" data-testid={ALARM_IDS.apply} className="min-h-8 rounded bg-accent px-3 text-sm font-semibold text-bg">
            {am(locale, "apply")}
          </button>
          <Link href={historyHref({ severity: [], state: [], range: "7d", page: 1 }, locale)} className="min-h-8 rounded border border-line px-3 py-1 text-sm text-fg">
            {am(locale, "reset")}
          </Link>
        </div>
      </form>

      <ResponseTimes stats={stats.data} />

      <section aria-labelledby="alarm-list-title" className="flex flex-col gap-2 rounded border border-line bg-surface p-3">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="alarm-list-title" data-testid={ALARM_IDS.total} data-total={total} className="text-base font-semibold text-fg">
            {am(locale, "matching", { n: total })}
          </h2>
          {list.data ? (
            <span className="text-xs text-muted">
              {t(locale, "dataAsOf")} <time dateTime={list.data.asOf}>{formatDateTime(list.data.asOf, timezone, locale)}</time>
            </span>
          ) : null}
        </div>
        {alerts.length === 0 ? (
          <p className="py-6 text-sm text-muted">{am(locale, "none")}</p>
        ) : (
          <ul data-testid={ALARM_IDS.list} className="flex flex-col gap-2">
            {alerts.map((a) => (
              <li key={a.id} data-testid={ALARM_IDS.row} data-severity={a.severity} data-state={a.state} data-domain={a.domain} className="grid gap-x-4 gap-y-1 rounded-sm border border-line bg-surface-2 p-2 md:grid-cols-[9rem_1fr_16rem]">
                <div className="flex flex-col gap-1 text-xs">
                  <span className={`w-fit rounded-sm px-1.5 py-px font-semibold ${BADGE[a.severity]}`} title={`${SEVERITY[a.severity].level}`}>
                    {pick(SEVERITY_NAME[a.severity], locale)}
                  </span>
                  <span className="text-muted">{pick(DEPARTMENTS[a.domain].title, locale)}</span>
                  <span className="text-muted">{pick(districtName(a.district), locale)}</span>
                </div>
                <div className="min-w-0">
                  <p className="m-0 text-sm text-fg">{pick(a.description, locale)}</p>
                  <p className="m-0 text-xs text-muted">
                    {am(locale, "started")} <time dateTime={a.start}>{formatDateTime(a.start, timezone, locale)}</time>
                    {" · "}
                    {a.end ? (
                      <>
                        {am(locale, "ended")} <time dateTime={a.end}>{formatDateTime(a.end, timezone, locale)}</time>
                      </>
                    ) : (
                      am(locale, "stillActive")
                    )}
                  </p>
                  <AlertWorkflow alert={a} />
                </div>
                <div className="flex flex-col gap-1 text-xs">
                  <span data-testid={ALARM_IDS.state} className="font-semibold text-fg">
                    {am(locale, STATE_LABEL[a.state])}
                  </span>
                  <AlertActions alert={a} />
                </div>
              </li>
            ))}
          </ul>
        )}
        <nav aria-label={am(locale, "page", { page: view.page, pages })} className="flex items-center justify-between gap-2 text-sm">
          {view.page > 1 ? (
            <Link href={pageHref(view.page - 1)} className="rounded border border-line px-3 py-1 text-fg">
              ← {am(locale, "prev")}
            </Link>
          ) : (
            <span />
          )}
          <span className="text-muted">{am(locale, "page", { page: view.page, pages })}</span>
          {view.page < pages ? (
            <Link href={pageHref(view.page + 1)} data-testid={ALARM_IDS.next} className="rounded border border-line px-3 py-1 text-fg">
              {am(locale, "next")} →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      </section>
    </>
  );
}

function ResponseTimes({ stats }: { stats: AlertStatsResponse | undefined }) {
  const { locale, timezone } = useView();
  if (!stats) return null;
  const figure = (s: AlertStatsResponse["timeToAcknowledge"], label: AlarmMessageKey, id: string) => (
    <div data-testid={id} data-median={s.medianSeconds ?? ""} data-p90={s.p90Seconds ?? ""} data-count={s.count} className="flex flex-col gap-1 rounded border border-line bg-surface-2 p-3">
      <h3 className="text-sm font-semibold text-fg">{am(locale, label)}</h3>
      <dl className="flex gap-6">
        <div>
          <dt className="text-xs text-muted">{am(locale, "median")}</dt>
          <dd className="tabular text-2xl font-semibold text-fg">{s.medianSeconds === null ? am(locale, "noFigure") : formatDuration(s.medianSeconds, locale)}</dd>
        </div>
        <div>
          <dt className="text-xs text-muted">{am(locale, "p90")}</dt>
          <dd className="tabular text-2xl font-semibold text-fg">{s.p90Seconds === null ? am(locale, "noFigure") : formatDuration(s.p90Seconds, locale)}</dd>
        </div>
      </dl>
      <p className="m-0 text-xs text-muted">{am(locale, "over", { n: s.count })}</p>
    </div>
  );
  return (
    <section aria-labelledby="response-times-title" className="flex flex-col gap-2">
      <div className="flex flex-wrap items-baseline gap-3">
        <h2 id="response-times-title" className="text-base font-semibold text-fg">
          {am(locale, "responseTimes")}
        </h2>
        <span className="text-xs text-muted">
          {t(locale, "dataAsOf")} <time dateTime={stats.asOf}>{formatDateTime(stats.asOf, timezone, locale)}</time>
        </span>
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        {figure(stats.timeToAcknowledge, "toAck", ALARM_IDS.toAck)}
        {figure(stats.timeToResolve, "toResolve", ALARM_IDS.toResolve)}
      </div>
    </section>
  );
}
