import "server-only";
/**
 * Everything the overview page needs for its first paint, read straight from the twin's domain
 * calls (never over HTTP), keyed exactly as the client hooks will ask for it: the result is the
 * SWR `fallback`, so the HTML already carries the figures.
 */
import { alertsKey, districtValuesKey, kpisKey, seriesKey } from "@/lib/twin-client/keys";
import type { LandingResponse } from "@/lib/twin-client/schemas";
import { getAlerts, getDistrictValues, getKpis, getLanding, getSeries } from "@/lib/twin-client/server";
import { ALL, type Scope } from "@/lib/auth/scope";
import { DOMAINS, type Domain } from "@/lib/twin/types";
import { cityDayStart } from "@/lib/format/zone";
import { DOMAIN_MODULES } from "@/domains";
import { ACTIVE_ALERTS, cellQueries } from "./view";

export interface OverviewData {
  landing: LandingResponse;
  /** The twin's now when the page was made (ISO 8601). */
  now: string;
  /** Midnight of the city's day (ISO 8601): fixes the "today" keys for server and client. */
  dayStart: string;
  fallback: Record<string, unknown>;
  /** Wall-clock ms when the data was read; with `now` it gives the twin clock's offset. */
  renderedAt: number;
}

/** Runs one seed call; a failing panel query leaves its key out (the client retries it). */
function seed(fallback: Record<string, unknown>, key: string, load: () => Promise<unknown>): Promise<void> {
  return load().then(
    (body) => void (fallback[key] = body),
    (err: unknown) => console.error(`[overview] could not seed ${key}:`, err),
  );
}

export async function getOverview(scope: Scope = ALL): Promise<OverviewData> {
  const renderedAt = Date.now();
  const [landing, kpisAll] = await Promise.all([getLanding(), getKpis({}, scope)]);
  const fallback: Record<string, unknown> = {};
  const pending: Promise<void>[] = [];
  const now = new Date(kpisAll.asOf);
  const tz = landing.city.timezone;
  const dayStart = cityDayStart(now, tz);

  // Only what the caller may read goes into the HTML (a wall bound to one board gets its domain).
  const readable = (d: Domain) => scope.includes(d);
  for (const domain of DOMAINS.filter(readable)) pending.push(seed(fallback, kpisKey({ domain }), () => getKpis({ domain })));
  pending.push(seed(fallback, alertsKey(ACTIVE_ALERTS), () => getAlerts(ACTIVE_ALERTS, scope)));
  // Assets are not seeded: only the client-side map draws them, and thousands of features
  // would bloat the HTML for nothing.

  // Each readable domain's cell (the registry's `cell.chart`): exactly the keys the cell will ask for.
  for (const m of DOMAIN_MODULES.filter((d) => readable(d.id))) {
    const q = cellQueries(m.cell.chart, dayStart, tz);
    if (q.kind === "districts") {
      pending.push(seed(fallback, districtValuesKey(q.main), () => getDistrictValues(q.main)));
      continue;
    }
    for (const one of q.overlay ? [q.main, q.overlay] : [q.main]) pending.push(seed(fallback, seriesKey(one), () => getSeries(one)));
  }
  await Promise.all(pending);

  return { landing, now: now.toISOString(), dayStart: dayStart.toISOString(), fallback, renderedAt };
}
