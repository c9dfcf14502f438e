"use client";
/**
 * The department's alerts at the view's moment — active now, or active at the cursor — within the
 * district filter, worst first. A row selects its asset (the map outlines and zooms to it).
 */
import { SEVERITY_NAME } from "@/lib/i18n/severity";
import { useMemo } from "react";
import { useDepartmentView } from "@/components/department/department-view";
import { useDistrictName, useView } from "@/components/live/view-context";
import { PanelFrame } from "@/components/frame/panel-frame";
import { alertsQuery } from "@/lib/views/department/queries";
import { assetLabel, sortAlerts } from "@/lib/views/overview/alerts";
import { useAlerts } from "@/lib/twin-client/hooks";
import { formatQuantity } from "@/lib/format/number";
import { formatDateTime } from "@/lib/format/time";
import { pick } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import { ot } from "@/lib/i18n/ops-messages";
import { TEST_IDS } from "@/lib/test-ids";
import type { AlertSeverity } from "@/lib/twin/types";
import { useViewInput } from "./use-view-input";
import { AlertActions } from "@/components/panels/alerts/alert-actions";
import { AlertWorkflow } from "@/components/panels/alerts/alert-thread";

const SHOWN = 50;
const BORDER: Record<AlertSeverity, string> = { critical: "border-critical", major: "border-warning", minor: "border-accent", info: "border-offline" };
const TEXT: Record<AlertSeverity, string> = { critical: "text-critical", major: "text-warning", minor: "text-accent", info: "text-muted" };

export function CursorAlerts({ className }: { className?: string }) {
  const { locale, timezone } = useView();
  const districtName = useDistrictName();
  const { department, cursor, state, update } = useDepartmentView();
  const res = useAlerts(alertsQuery(department.domain, useViewInput()));
  const alerts = useMemo(() => sortAlerts((res.data?.features ?? []).map((f) => f.properties)), [res.data]);
  const total = res.data?.total ?? 0;
  return (
    <PanelFrame
      id="alerts"
      title={cursor ? ot(locale, "alertsAt", { time: formatDateTime(cursor, timezone, locale) }) : ot(locale, "alertsNow")}
      asOf={cursor ? cursor.toISOString() : res.data?.asOf}
      staleAfterSeconds={cursor || state.range === "custom" ? Number.POSITIVE_INFINITY : 300}
      hasData={res.data !== undefined}
      loading={res.isLoading}
      error={res.error}
      onRetry={() => void res.mutate()}
      className={className}
      badge={
        <span data-testid={TEST_IDS.alertCount} className={`tabular rounded-full px-2 py-px text-xs font-semibold ${total > 0 ? "bg-warning text-bg" : "bg-surface-2 text-muted"}`}>
          {total}
        </span>
      }
      skeleton={<div className="skeleton h-24" />}
    >
      {alerts.length === 0 ? (
        <p className="py-4 text-sm text-muted">{t(locale, "noAlerts")}</p>
      ) : (
        <ul data-testid={TEST_IDS.alertList} className="-mx-1 flex min-h-0 flex-1 flex-col gap-1 overflow-y-auto px-1" aria-label={t(locale, "alerts")}>
          {alerts.slice(0, SHOWN).map((a) => (
            <li key={a.id} data-testid={TEST_IDS.alertItem} data-severity={a.severity} className={`rounded-sm border-l-4 bg-surface-2 ${BORDER[a.severity]}`}>
              <button
                type="button"
                onClick={() => update({ asset: a.assetId })}
                aria-pressed={state.asset === a.assetId}
                className="block w-full px-2 py-1 text-left hover:bg-surface"
              >
                <span className="flex items-baseline gap-2 text-xs">
                  <span className={`font-semibold uppercase ${TEXT[a.severity]}`}>{pick(SEVERITY_NAME[a.severity], locale)}</span>
                  <span className="truncate text-muted">{pick(districtName(a.district), locale)}</span>
                  <time dateTime={a.start} className="tabular ml-auto shrink-0 text-muted">
                    {ot(locale, "since")} {formatDateTime(a.start, timezone, locale)}
                  </time>
                </span>
                <span className="block text-sm leading-snug text-fg">{pick(a.description, locale)}</span>
                <span className="block truncate text-xs text-muted">
                  {assetLabel(a.assetId, locale)} · {formatQuantity(a.value, null, locale).text} / {formatQuantity(a.threshold, null, locale).text}
                </span>
              </button>
              <div className="px-2 pb-1">
                <AlertWorkflow alert={a} />
                <AlertActions alert={a} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </PanelFrame>
  );
}
