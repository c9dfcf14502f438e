import "server-only";
/**
 * What the alarm history page reads on the server: the view from its URL (narrowed to what the
 * caller may read), the API filter at the twin's now, and the list and response times seeded
 * under the exact keys its hooks ask for, so the HTML carries the first page.
 */
import type { Scope } from "@/lib/auth/scope";
import { getAlertStats } from "@/lib/twin-client/alarms";
import { alertStatsKey, alertsKey } from "@/lib/twin-client/keys";
import type { AlertFilter, AlertsQuery, LandingResponse } from "@/lib/twin-client/schemas";
import { getAlerts, getLanding } from "@/lib/twin-client/server";
import { getTwin } from "@/lib/twin/runtime";
import { historyFilter, historyQuery, parseHistoryView, type HistoryView } from "./view";

export interface HistoryPageData {
  landing: LandingResponse;
  view: HistoryView;
  filter: AlertFilter;
  query: AlertsQuery;
  now: string;
  renderedAt: number;
  fallback: Record<string, unknown>;
}

export async function getHistoryPage(params: Record<string, string | string[] | undefined>, scope: Scope): Promise<HistoryPageData> {
  const renderedAt = Date.now();
  const [landing, now] = await Promise.all([getLanding(), getTwin().now()]);
  const parsed = parseHistoryView(
    params,
    landing.districts.map((d) => d.id),
  );
  // A domain outside the caller's access is dropped, as any other value the page cannot use.
  const { domain, ...rest } = parsed;
  const view: HistoryView = domain && scope.includes(domain) ? parsed : rest;
  const filter = historyFilter(view, now);
  const query = historyQuery(view, now);
  const [list, stats] = await Promise.all([getAlerts(query, scope), getAlertStats(filter, scope)]);
  return {
    landing,
    view,
    filter,
    query,
    now: now.toISOString(),
    renderedAt,
    fallback: { [alertsKey(query)]: list, [alertStatsKey(filter)]: stats },
  };
}
