import "server-only";
import { DOMAIN_MODULES } from "@/domains";
import type { MetricKind, MetricSpec } from "@/domains/types";
import type { MetricInfo } from "./source";
import type { Asset, AssetType } from "./types";

export type { MetricKind };

export interface MetricDef extends MetricInfo {
  kind: MetricKind;
  /** Inputs: asset type + datastream property (none for `forecast`). */
  assetType?: AssetType;
  property?: string;
  /** Asset property holding the denominator of a ratio (percent). */
  denominator?: string;
  /** `countAbove` counts observations strictly above this. */
  above?: number;
  /** Rollup slot width: the input stream cadence. */
  cadenceSeconds: number;
}

/**
 * Every metric of the registry (domains/<id>/index.ts), domain by domain in display order. The
 * position is the metric's index in the rollup table: a domain appends only to its own list, and
 * a new domain goes last in the registry, so stored rollups keep their meaning (metrics.test.ts
 * pins the indexes of the shipped metrics).
 */
export const METRICS: readonly MetricDef[] = DOMAIN_MODULES.flatMap((d) =>
  d.metrics.map((m: MetricSpec): MetricDef => {
    const rollup: MetricInfo["rollup"] = m.kind === "avg" || m.kind === "ratio" ? "avg" : "sum";
    return { ...m, assetType: m.assetType as AssetType | undefined, domain: d.id, rollup };
  }),
);

export const METRIC_INDEX: ReadonlyMap<string, number> = new Map(METRICS.map((d, i) => [d.id, i]));

/** One metric rollup a datastream feeds. */
export interface MetricContribution {
  metric: number;
  /** Rollup slot width, seconds (the metric's cadence; a fast live stream uses its own). */
  cadence: number;
  /** Added to n once per slot the stream reports in: the asset's capacity for ratios, else 1. */
  n: number;
  /** For `countAbove`: a reading counts 1 when strictly above this; null: the reading is summed. */
  above: number | null;
}

/**
 * The metrics one stream (an asset's `property`) feeds, and how: the one rule the embedded engine
 * and the PostgreSQL store both keep rollups by.
 */
export function metricContributions(asset: Pick<Asset, "type" | "properties">, property: string): MetricContribution[] {
  return METRICS.flatMap((m, mi): MetricContribution[] => {
    if (m.assetType !== asset.type || m.property !== property) return [];
    // n counts reporting streams (so an all-zero slot still has a row), or capacity for ratios.
    let n = 1;
    if (m.kind === "ratio") {
      const cap = asset.properties[m.denominator ?? ""];
      n = typeof cap === "number" ? cap : 0;
    }
    return [{ metric: mi, cadence: m.cadenceSeconds, n, above: m.kind === "countAbove" ? (m.above ?? 0) : null }];
  });
}

/** Public view of the metric table (no internal rollup details). */
export function metricInfos(): MetricInfo[] {
  return METRICS.map(({ id, domain, name, unit, rollup }) => ({ id, domain, name, unit, rollup }));
}

/** Value of one rollup row. */
export function rollupValue(def: MetricDef, sum: number, n: number): number | null {
  switch (def.kind) {
    case "avg":
      return n > 0 ? sum / n : null;
    case "ratio":
      return n > 0 ? (100 * sum) / n : null;
    default:
      return sum;
  }
}
