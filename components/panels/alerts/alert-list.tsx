"use client";
/** Active alerts, most severe first: severity, asset, district, since when, bilingual text. */
import { useLayoutEffect, useMemo, useRef, useState, type RefObject } from "react";
import { useDistrictName, useTwinNow, useView } from "@/components/live/view-context";
import { PanelFrame } from "@/components/frame/panel-frame";
import { ACTIVE_ALERTS } from "@/lib/views/overview/view";
import { assetLabel, countBySeverity, ofDomain, SEVERITY_NAME, sortAlerts } from "@/lib/views/overview/alerts";
import { useAlerts } from "@/lib/twin-client/hooks";
import { formatAge, formatClock, ageSeconds } from "@/lib/format/time";
import { pick } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import { TEST_IDS } from "@/lib/test-ids";
import type { AlertSeverity, Domain } from "@/lib/twin/types";
import { AlertActions } from "./alert-actions";
import { AlertWorkflow } from "./alert-thread";

/**
 * How many of a list's cards are hidden because they do not fit whole (walls do not scroll): the
 * cards past the box wrap into a column outside it. Measured after layout and on every resize.
 */
function useHiddenCount(list: RefObject<HTMLUListElement | null>, enabled: boolean, items: unknown): number {
  const [hidden, setHidden] = useState(0);
  useLayoutEffect(() => {
    const el = list.current;
    if (!enabled || !el) return;
    const measure = () => {
      const box = el.getBoundingClientRect();
      let n = 0;
      for (const item of el.children) {
        const r = item.getBoundingClientRect();
        if (r.bottom > box.bottom + 0.5 || r.right > box.right + 0.5) n++;
      }
      setHidden(n);
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [list, enabled, items]);
  return enabled ? hidden : 0;
}

const SHOWN = 60;

const SEVERITY_STYLE: Record<AlertSeverity, string> = {
  critical: "border-critical text-critical",
  major: "border-warning text-warning",
  minor: "border-accent text-accent",
  info: "border-offline text-muted",
};

/** Unacknowledged alarms are tinted in their severity colour; acknowledged ones recede. */
const OPEN_TINT: Record<AlertSeverity, string> = {
  critical: "bg-[color-mix(in_srgb,var(--color-critical)_22%,var(--color-surface-2))]",
  major: "bg-[color-mix(in_srgb,var(--color-warning)_14%,var(--color-surface-2))]",
  minor: "bg-surface-2",
  info: "bg-surface-2",
};

/**
 * `actions`: operators may act on alerts here (never on a wall, which nobody touches).
 * `domain`: only that domain's alerts (a domain's wall board).
 * `fit`: show only the cards that fit whole, without scrolling (walls).
 */
export function AlertListPanel({ className, actions = true, domain, fit = false }: { className?: string; actions?: boolean; domain?: Domain; fit?: boolean }) {
  const { locale, timezone } = useView();
  const districtName = useDistrictName();
  const now = useTwinNow(30_000);
  // One list for every board (see ofDomain): the same key before and after a board change.
  const res = useAlerts(ACTIVE_ALERTS);
  const shown = useMemo(() => (res.data ? ofDomain(res.data, domain) : undefined), [res.data, domain]);
  const alerts = useMemo(() => sortAlerts((shown?.features ?? []).map((f) => f.properties)), [shown]);
  const counts = countBySeverity(alerts);
  const total = shown?.total ?? 0;
  // A domain's count from a list cut at its limit is a lower bound: say so.
  const totalText = shown && !shown.complete && domain ? `${total}+` : String(total);
  const listRef = useRef<HTMLUListElement>(null);
  const rendered = Math.min(alerts.length, SHOWN);
  const hiddenInBox = useHiddenCount(listRef, fit, alerts);
  // Cards past the box, plus the ones not rendered at all, plus the ones the answer left out.
  const more = hiddenInBox + (alerts.length - rendered) + Math.max(0, total - alerts.length);
  return (
    <PanelFrame
      id="alerts"
      title={t(locale, "alerts")}
      asOf={res.data?.asOf}
      staleAfterSeconds={300}
      hasData={res.data !== undefined}
      loading={res.isLoading}
      error={res.error}
      onRetry={() => void res.mutate()}
      className={className}
      badge={
        <span
          data-testid={TEST_IDS.alertCount}
          className={`tabular rounded-full px-2 py-px text-xs font-semibold ${counts.critical > 0 ? "bg-critical text-bg" : total > 0 ? "bg-warning text-bg" : "bg-surface-2 text-muted"}`}
          aria-label={`${totalText} ${t(locale, "alerts")}`}
        >
          {totalText}
        </span>
      }
      skeleton={
        <ul className="flex flex-col gap-2">
          {Array.from({ length: 6 }, (_, i) => (
            <li key={i} className="skeleton h-12" />
          ))}
        </ul>
      }
    >
      {alerts.length === 0 ? (
        <p className="py-6 text-sm text-muted">{t(locale, "noAlerts")}</p>
      ) : (
        <>
        <ul
          ref={listRef}
          data-testid={TEST_IDS.alertList}
          // On a wall nobody scrolls: the cards that do not fit whole wrap into a column outside
          // the box and are hidden, so no card is shown cut in half (the count says how many).
          // A wide box (the city board's) shows two columns of cards.
          className={`-mx-1 flex min-h-0 flex-1 flex-col gap-1 px-1 ${
            fit ? "@container flex-wrap content-start gap-x-2 overflow-hidden *:w-full wide-alerts" : "overflow-y-auto"
          }`}
          tabIndex={fit ? undefined : 0}
          aria-label={t(locale, "alerts")}
        >
          {alerts.slice(0, SHOWN).map((a) => {
            const acked = a.acknowledgedBy !== null;
            return (
            <li
              key={a.id}
              data-testid={TEST_IDS.alertItem}
              data-severity={a.severity}
              data-domain={a.domain}
              data-acknowledged={acked ? "true" : "false"}
              className={`rounded-sm px-2 py-1.5 ${SEVERITY_STYLE[a.severity].split(" ")[0]} ${
                acked ? "border-l-4 border-dashed bg-surface opacity-80 outline outline-1 -outline-offset-1 outline-line" : `border-l-[6px] ${OPEN_TINT[a.severity]}`
              }`}
            >
              <div className="flex items-baseline gap-2 text-xs">
                <span className={`font-semibold uppercase ${SEVERITY_STYLE[a.severity].split(" ")[1]}`}>
                  {pick(SEVERITY_NAME[a.severity], locale)}
                </span>

                <span className="truncate text-muted">{pick(districtName(a.district), locale)}</span>
                <time dateTime={a.start} className="tabular ml-auto shrink-0 text-muted" title={`${t(locale, "since")} ${formatClock(a.start, timezone, locale)}`}>
                  {formatClock(a.start, timezone, locale)} · {formatAge(ageSeconds(a.start, now), locale)}
                </time>
              </div>
              <p className="m-0 text-sm leading-snug text-fg">{pick(a.description, locale)}</p>
              {/* English pages add the Chinese wording (what colleagues on the phone read) and the
                  asset's code; a Chinese page stays in Chinese: its description already names the asset. */}
              {locale === "en" ? (
                // `relative`: the sr-only label inside is absolutely placed; without a containing
                // block here it escapes the truncation and widens the page (the overview at 1280 px).
                <p className="relative m-0 truncate text-xs leading-snug text-muted">
                  {/* A wall is set to one language and needs the room for more cards. */}
                  {fit ? null : (
                    <>
                      <span lang="zh-Hans">{a.description.zh}</span>
                      <span aria-hidden="true"> · </span>
                    </>
                  )}
                  <span className="sr-only">{t(locale, "asset")}: </span>
                  {assetLabel(a.assetId)}
                </p>
              ) : null}
              <AlertWorkflow alert={a} newest={fit ? 2 : undefined} />
              {actions ? <AlertActions alert={a} /> : null}
            </li>
            );
          })}
          {!fit && alerts.length > SHOWN ? (
            <li className="px-2 py-1 text-xs text-muted">
              +{alerts.length - SHOWN} {t(locale, "more")}
            </li>
          ) : null}
        </ul>
        {fit && more > 0 ? (
          <p data-testid={TEST_IDS.alertMore} data-hidden={more} className="m-0 mt-1 shrink-0 rounded-sm bg-surface-2 px-2 py-1 text-center text-sm font-semibold text-fg">
            {t(locale, "moreNotShown", { n: String(more) })}
          </p>
        ) : null}
        </>
      )}
    </PanelFrame>
  );
}
