import "server-only";
import { KPI_SPECS } from "@/domains";
import type { KpiFormula } from "@/domains/types";
import { METRICS, METRIC_INDEX, rollupValue } from "./metrics";
import { localDayStart } from "./simulator/local-time";
import type { RollupReader } from "./rollup-reader";
import { levelKpiStatus, levelOf } from "./levels";
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
  /** Counts from the static inventory per KPI id (`staticCount` formulas, e.g. active construction sites). */
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
  const mi = metricIndex(metricId);
  const def = METRICS[mi]!;
  const staleAfter = 3 * (ctx.liveCadence?.get(mi) ?? def.cadenceSeconds);
  const r = ctx.store.rollupAt(mi, ctx.district ?? 0, at);
  if (!r || r.t < at - LOOKBACK) return { value: null, asOf: null, staleAfter };
  return { value: rollupValue(def, r.sum, r.n), asOf: r.t, staleAfter };
}

/** How each KPI of the registry is computed (domains/<id>/index.ts `kpis[].compute`). */
export const KPI_FORMULAS: ReadonlyMap<string, KpiFormula> = new Map([...KPI_SPECS].map(([id, k]) => [id, k.spec.compute]));

export const KPI_IDS = [...KPI_FORMULAS.keys()];

/** A KPI reading of one formula at `at`: pure in the rollups and counts of the context. */
function evaluate(f: KpiFormula, id: string, c: KpiContext, at: number): Reading {
  if ("metric" in f) return metricAt(c, f.metric, at);
  if ("ratio" in f) {
    const a = metricAt(c, f.ratio[0], at);
    const b = metricAt(c, f.ratio[1], at);
    const value = a.value !== null && b.value ? (100 * a.value) / b.value : null;
    const asOf = a.asOf === null || b.asOf === null ? null : Math.min(a.asOf, b.asOf);
    // asOf is the older input's, so staleness is judged by the slower input's limit.
    return { value, asOf, staleAfter: Math.max(a.staleAfter, b.staleAfter) };
  }
  if ("todayTotal" in f) {
    const mi = metricIndex(f.todayTotal);
    const r = c.store.rollupTotal(mi, c.district ?? 0, localDayStart(c.timezone, at), at);
    return { value: r.newest === null ? null : (r.total ?? 0), asOf: r.newest, staleAfter: f.staleAfterSeconds };
  }
  // A static count holds as long as the inventory does.
  return { value: (c.district ? c.districtCounts?.get(c.district) : c.staticCounts)?.[id] ?? null, asOf: at, staleAfter: Infinity };
}

function metricIndex(id: string): number {
  const mi = METRIC_INDEX.get(id);
  if (mi === undefined) throw new Error(`KPI formula names unknown metric "${id}"`);
  return mi;
}

/** Status from thresholds in the direction `better` gives (lib/twin/levels.ts); unknown without a value. */
export function kpiStatus(def: KpiDefinition, value: number | null): KpiStatus {
  return levelKpiStatus(levelOf(value, def.thresholds, def.better));
}

const round = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);

/** KPI values for the definitions of a domain (all when undefined) at `at` (epoch seconds). */
export function computeKpis(ctx: KpiContext, defs: KpiDefinition[], domain: Domain | undefined, at: number): KpiValue[] {
  const out: KpiValue[] = [];
  for (const def of defs) {
    if (domain && def.domain !== domain) continue;
    const f = KPI_FORMULAS.get(def.id);
    // A pack's KPI the registry cannot compute is a broken pack: say so, never skip it quietly.
    if (!f) throw new Error(`KPI "${def.id}" has no formula in the domain registry`);
    const now = evaluate(f, def.id, ctx, at);
    const prev = evaluate(f, def.id, ctx, at - 86400);
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
