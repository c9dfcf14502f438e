import "server-only";
import type { CityPack, Inventory } from "@/lib/city/types";
import { metricContributions } from "../../metrics";

/** One metric a datastream feeds: a row of `metric_inputs`. */
export interface MetricInput {
  /** Store index of the datastream (1-based, inventory order). */
  ds: number;
  metric: number;
  /** District index (1-based, pack order); 0 when the asset's district is unknown. */
  district: number;
  /** Rollup slot width, seconds. */
  cadence: number;
  /** Added to n once per slot a stream reports in: the asset's capacity for ratios, else 1. */
  nAdd: number;
  /** countAbove metrics: a reading counts 1 when strictly above this; null: the reading is summed. */
  above: number | null;
}

/**
 * Which metric rollups each datastream feeds (`metricContributions`, the engine's rule), for
 * streams at their inventory cadence (no fast live streams).
 */
export function metricInputs(pack: CityPack, inventory: Inventory): MetricInput[] {
  const assets = new Map(inventory.assets.map((a) => [a.id, a]));
  const districtIndex = new Map(pack.districts.map((d, i) => [d.id, i + 1]));
  return inventory.datastreams.flatMap((d, i) => {
    const a = assets.get(d.assetId);
    if (!a) throw new Error(`datastream ${d.id} has no asset ${d.assetId}`);
    const district = districtIndex.get(a.district) ?? 0;
    return metricContributions(a, d.property).map((c) => ({ ds: i + 1, metric: c.metric, district, cadence: c.cadence, nAdd: c.n, above: c.above }));
  });
}
