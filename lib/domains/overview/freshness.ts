/**
 * How fresh what a screen shows really is, from the data's own times. The /kpis answer's
 * top-level `asOf` is the twin's clock when it was asked (fetch time): a frozen feed would still
 * look current by it, so these helpers only ever read the per-value `asOf` (data time).
 * Client-safe and tested.
 */
import type { KpiValue } from "@/lib/twin/types";

type KpiTime = Pick<KpiValue, "asOf" | "stale" | "value">;

/**
 * As-of of a panel showing several KPIs: the OLDEST of their times, since the panel is only as
 * current as its slowest figure; stale when any of them is. `undefined` when nothing is shown.
 */
export function panelFreshness(values: readonly KpiTime[]): { asOf: string | undefined; stale: boolean } {
  let oldest: string | undefined;
  for (const k of values) if (oldest === undefined || Date.parse(k.asOf) < Date.parse(oldest)) oldest = k.asOf;
  return { asOf: oldest, stale: values.some((k) => k.stale) };
}

/**
 * "Data as of" of a whole page: the NEWEST data time known, from KPI values and from the data
 * events of the live stream (observation / kpi `asOf`). KPIs without a value are skipped: the
 * twin stamps those with the query time, which is exactly the fetch time this must not show.
 */
export function newestDataAsOf(
  kpis: readonly KpiTime[],
  eventTimes: readonly (string | null | undefined)[],
): string | undefined {
  const times = [...kpis.filter((k) => k.value !== null).map((k) => k.asOf), ...eventTimes];
  let newest: string | undefined;
  for (const t of times) if (t && (newest === undefined || Date.parse(t) > Date.parse(newest))) newest = t;
  return newest;
}
