import "server-only";
/**
 * The alarm loop's server side beyond the list itself: response times of a filtered set, the
 * filtered set as a spreadsheet file, and who an alarm may be assigned to (real accounts).
 * Route handlers and the history page call these; every one narrows to the caller's scope.
 */
import { ApiError } from "@/lib/api/errors";
import { ALL, type Scope } from "@/lib/auth/scope";
import { toSpreadsheetCsv, type Cell } from "@/lib/export/csv";
import { formatLocalIso } from "@/lib/format/time";
import { SEVERITY } from "@/lib/i18n/severity";
import { getOpsStore } from "@/lib/ops/runtime";
import type { UserRecord } from "@/lib/ops/port";
import { responseTimes } from "@/lib/twin/alerts/response-times";
import { getTwin } from "@/lib/twin/runtime";
import type { Alert, Domain } from "@/lib/twin/types";
import { LIMITS, type AlertExportQuery, type AlertFilter, type AlertStatsResponse, type AssigneesResponse } from "./schemas";
import { matchingAlerts } from "./server";

/** Time to acknowledge and to resolve (median, p90) over every alert of the filter. */
export async function getAlertStats(q: AlertFilter, scope: Scope = ALL): Promise<AlertStatsResponse> {
  const alerts = await matchingAlerts(q, scope);
  return { total: alerts.length, ...responseTimes(alerts), asOf: (await getTwin().dataThrough()).toISOString() };
}

const STATE_ZH: Record<Alert["state"], string> = { open: "未处置", acknowledged: "已确认", assigned: "已指派", resolved: "已解除" };

/** Columns of the export (names stay English: they are the file's schema). */
export const ALERT_EXPORT_COLUMNS = [
  "id",
  "severity",
  "severity_level",
  "domain",
  "district",
  "asset",
  "description",
  "start_local",
  "end_local",
  "state",
  "acknowledged_by",
  "acknowledged_local",
  "assignee",
  "escalation",
  "value",
  "threshold",
  "comments",
] as const;

/** One alert as a row of the export: local times with their offset, words in the file's language. */
export function alertCsvRow(a: Alert, timezone: string, lang: "en" | "zh"): Cell[] {
  const local = (iso: string | null) => (iso ? formatLocalIso(iso, timezone) : null);
  const sev = SEVERITY[a.severity];
  return [
    a.id,
    lang === "zh" ? sev.zh : sev.en,
    sev.level,
    a.domain,
    a.district,
    a.assetId,
    lang === "zh" ? a.description.zh : a.description.en,
    local(a.start),
    local(a.end),
    lang === "zh" ? STATE_ZH[a.state] : a.state,
    a.acknowledgedBy,
    local(a.acknowledgedAt),
    a.assignee,
    a.escalation,
    a.value,
    a.threshold,
    a.comments.map((c) => `${local(c.at)} ${c.by}: ${c.text}`).join("\n"),
  ];
}

/** The filtered alerts as a CSV download (at most LIMITS.alertsExport rows: more is a 422). */
export async function exportAlerts(q: AlertExportQuery, scope: Scope = ALL): Promise<Response> {
  const { lang = "en", ...filter } = q;
  const twin = getTwin();
  const [alerts, info, asOf] = await Promise.all([matchingAlerts(filter, scope), twin.info(), twin.dataThrough()]);
  if (alerts.length > LIMITS.alertsExport) {
    throw new ApiError(422, "too_many_rows", `The filter matches more than ${LIMITS.alertsExport} alerts: narrow it (time range, domain).`);
  }
  const body = toSpreadsheetCsv(
    ALERT_EXPORT_COLUMNS,
    alerts.map((a) => alertCsvRow(a, info.timezone, lang)),
  );
  const stamp = formatLocalIso(asOf, info.timezone).replace(/[^0-9]/g, "").slice(0, 12);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8; header=present",
      "Content-Disposition": `attachment; filename="alarms-${info.city}-${stamp}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}

/**
 * An account that may act on alerts: an enabled operator or admin. Roles are not scoped to
 * domains (lib/auth/roles.ts: operators work every domain's alarms), so the domain an alarm is
 * of narrows nothing today; the parameter keeps the API's shape when roles gain domains.
 */
export function mayAct(u: UserRecord): boolean {
  return !u.disabled && (u.role === "operator" || u.role === "admin");
}

/** The accounts an alarm (of `domain`) may be assigned to, by name. */
export async function listAssignees(domain?: Domain): Promise<AssigneesResponse> {
  void domain;
  const users = await (await getOpsStore()).listUsers();
  return {
    assignees: users
      .filter(mayAct)
      .map((u) => ({ username: u.username, displayName: u.displayName, role: u.role as "operator" | "admin" }))
      .sort((a, b) => a.username.localeCompare(b.username)),
  };
}

/** 422 unless `assignee` names an account that may act on alerts; gives its name as stored. */
export async function checkAssignee(assignee: string): Promise<string> {
  const wanted = assignee.trim().toLowerCase();
  const found = (await listAssignees()).assignees.find((a) => a.username.toLowerCase() === wanted);
  if (!found) {
    throw new ApiError(422, "unknown_assignee", `No operator or admin account named ${JSON.stringify(assignee.trim())} can take this alert.`, [
      { parameter: "assignee", message: "must be the account name of an enabled operator or admin" },
    ]);
  }
  return found.username;
}
