/**
 * How fresh what a screen shows really is, from the data's own times. The /kpis answer's
 * top-level `asOf` is the twin's clock when it was asked (fetch time): a frozen feed would still
 * look current by it, so these helpers only ever read the per-value `asOf` (data time).
 * Client-safe and tested.
 */
import { STALE_AFTER_CADENCES } from "@/lib/city/datastreams";
import type { KpiValue } from "@/lib/twin/types";

type KpiTime = Pick<KpiValue, "asOf" | "stale" | "value">;
type KpiFreshness = KpiTime & { definition: Pick<KpiValue["definition"], "cadenceSeconds"> };

/**
 * As-of of a panel showing several KPIs: the OLDEST of their times, since the panel is only as
 * current as its slowest figure; stale when any of them is. `staleAfterSeconds` is the age (from
 * that oldest time) at which the first of them passes its own limit (3 cadences): a 5-minute
 * figure beside a 5-second one must not make the panel stale after 15 s, nor hide the fast one
 * going stale. `undefined` when nothing is shown.
 */
export function panelFreshness(values: readonly KpiFreshness[]): {
  asOf: string | undefined;
  stale: boolean;
  staleAfterSeconds: number | undefined;
} {
  let oldest: string | undefined;
  for (const k of values) if (oldest === undefined || Date.parse(k.asOf) < Date.parse(oldest)) oldest = k.asOf;
  let limit: number | undefined;
  if (oldest !== undefined) {
    const base = Date.parse(oldest);
    for (const k of values) {
      const l = (Date.parse(k.asOf) - base) / 1000 + STALE_AFTER_CADENCES * k.definition.cadenceSeconds;
      if (limit === undefined || l < limit) limit = l;
    }
  }
  return { asOf: oldest, stale: values.some((k) => k.stale), staleAfterSeconds: limit };
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
