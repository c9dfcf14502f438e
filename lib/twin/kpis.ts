import "server-only";
import { METRICS, METRIC_INDEX, rollupValue } from "./metrics";
import { localDayStart } from "./simulator/local-time";
import type { RollupReader } from "./rollup-reader";
import type { Domain, KpiDefinition, KpiStatus, KpiValue } from "./types";

/** A KPI reading before status and trend: value, the newest input time and its staleness limit. */
interface Reading {
  value: number | null;
  /** Epoch seconds of the newest input; null when there is none. */
  asOf: number | null;
  staleAfter: number;
}

export interface KpiContext {
  /** The SQLite store itself, or rollups prefetched from PostgreSQL (`PrefetchedRollups`). */
  store: RollupReader;
  timezone: string;
  /** Counts from the static inventory (e.g. active construction sites). */
  staticCounts: Record<string, number>;
  /** Live cadence of metrics fed by fast streams (metric index -> seconds); others use their own. */
  liveCadence?: ReadonlyMap<number, number>;
  /** Rollup district index: 0 is the whole city. */
  district?: number;
  /** Static counts per district index (same keys as `staticCounts`), for district KPIs. */
  districtCounts?: ReadonlyMap<number, Record<string, number>>;
}

/** Rollup inputs older than this (days) do not count as "the current value". */
const LOOKBACK = 2 * 86400;

function metricAt(ctx: KpiContext, metricId: string, at: number): Reading {
  const mi = METRIC_INDEX.get(metricId);
  const def = mi === undefined ? undefined : METRICS[mi];
  if (mi === undefined || !def) return { value: null, asOf: null, staleAfter: 0 };
  const staleAfter = 3 * (ctx.liveCadence?.get(mi) ?? def.cadenceSeconds);
  const r = ctx.store.rollupAt(mi, ctx.district ?? 0, at);
  if (!r || r.t < at - LOOKBACK) return { value: null, asOf: null, staleAfter };
  return { value: rollupValue(def, r.sum, r.n), asOf: r.t, staleAfter };
}

const READERS: Record<string, (ctx: KpiContext, at: number) => Reading> = {
  "energy.load": (c, at) => metricAt(c, "energy.load", at),
  "energy.renewableShare": (c, at) => {
    const solar = metricAt(c, "energy.solar", at);
    const load = metricAt(c, "energy.load", at);
    const value = solar.value !== null && load.value ? (100 * solar.value) / load.value : null;
    const asOf = solar.asOf === null || load.asOf === null ? null : Math.min(solar.asOf, load.asOf);
    // asOf is the older input's, so staleness is judged by the slower input's limit.
    return { value, asOf, staleAfter: Math.max(solar.staleAfter, load.staleAfter) };
  },
  "energy.evUtilisation": (c, at) => metricAt(c, "energy.evUtilisation", at),
  "energy.feedersOverloaded": (c, at) => metricAt(c, "energy.feedersOverloaded", at),
  "transport.congestionIndex": (c, at) => metricAt(c, "transport.congestion", at),
  "transport.avgSpeed": (c, at) => metricAt(c, "transport.speed", at),
  "transport.metroTripsToday": (c, at) => {
    const mi = METRIC_INDEX.get("transport.metroEntries") ?? 0;
    const r = c.store.rollupTotal(mi, c.district ?? 0, localDayStart(c.timezone, at), at);
    return { value: r.newest === null ? null : (r.total ?? 0), asOf: r.newest, staleAfter: 900 };
  },
  "transport.parkingOccupancy": (c, at) => metricAt(c, "transport.parkingOccupancy", at),
  "construction.activeSites": (c, at) => ({
    value: (c.district ? c.districtCounts?.get(c.district) : c.staticCounts)?.["construction.activeSites"] ?? null,
    asOf: at,
    staleAfter: Infinity,
  }),
  "construction.pm25": (c, at) => metricAt(c, "construction.pm25", at),
  "construction.dustExceedances": (c, at) => metricAt(c, "construction.dustExceedances", at),
  "construction.noise": (c, at) => metricAt(c, "construction.noise", at),
  "health.bedOccupancy": (c, at) => metricAt(c, "health.bedOccupancy", at),
  "health.icuOccupancy": (c, at) => metricAt(c, "health.icuOccupancy", at),
  "health.erWaitMinutes": (c, at) => metricAt(c, "health.erWaitMinutes", at),
  "health.ambulanceResponse": (c, at) => metricAt(c, "health.ambulanceResponse", at),
};

export const KPI_IDS = Object.keys(READERS);

/** Status from thresholds in the direction `better` gives; unknown without a value. */
export function kpiStatus(def: KpiDefinition, value: number | null): KpiStatus {
  if (value === null) return "unknown";
  const { warning, critical } = def.thresholds;
  const worse = (th: number | null) => th !== null && (def.better === "lower" ? value >= th : value <= th);
  if (worse(critical)) return "critical";
  if (worse(warning)) return "warning";
  return "ok";
}

const round = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);

/** KPI values for the definitions of a domain (all when undefined) at `at` (epoch seconds). */
export function computeKpis(ctx: KpiContext, defs: KpiDefinition[], domain: Domain | undefined, at: number): KpiValue[] {
  const out: KpiValue[] = [];
  for (const def of defs) {
    if (domain && def.domain !== domain) continue;
    const read = READERS[def.id];
    if (!read) continue;
    const now = read(ctx, at);
    const prev = read(ctx, at - 86400);
    const value = round(now.value);
    out.push({
      definition: def,
      value,
      asOf: new Date((now.asOf ?? at) * 1000).toISOString(),
      previous: round(prev.value),
      status: kpiStatus(def, value),
      stale: now.asOf === null || at - now.asOf > now.staleAfter,
    });
  }
  return out;
}
