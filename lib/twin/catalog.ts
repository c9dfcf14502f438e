import "server-only";
import { DOMAIN_MODULES, KPI_SPECS } from "@/domains";
import type { AssetTypeSpec } from "@/domains/types";
import type { CityPack, Inventory } from "@/lib/city/types";
import { metricContributions, type MetricContribution } from "./metrics";
import type { Asset, Datastream, Domain } from "./types";

/**
 * Streams that report live at the tick cadence (SCADA telemetry), as `<AssetType>:<property>`.
 * Their history stays at the 5-minute resolution of the inventory; finer rows are kept for
 * `FINE_RETENTION_SECONDS` (engine.ts) and then compacted away.
 */
export const FAST_STREAMS: ReadonlySet<string> = new Set(
  DOMAIN_MODULES.flatMap((m) => m.assetTypes.flatMap((t: AssetTypeSpec) => t.datastreams.filter((d) => d.fast).map((d) => `${t.type}:${d.property}`))),
);

/** Resolution of history: every stream keeps its rows on this grid (fast streams included). */
export const HISTORY_RESOLUTION = 300;

/** The `staticCount` KPIs of the registry: which assets each counts. */
const STATIC_COUNTS = [...KPI_SPECS].flatMap(([id, { spec }]) => ("staticCount" in spec.compute ? [{ id, ...spec.compute.staticCount }] : []));

/** Whether an asset is one a `staticCount` formula counts. */
function counted(a: Asset, c: (typeof STATIC_COUNTS)[number]): boolean {
  if (a.type !== c.type) return false;
  return Object.entries(c.where ?? {}).every(([k, values]) => values.includes(a.properties[k] ?? null));
}

/**
 * The static metadata of a twin, derived from its city pack and inventory alone (deterministic
 * for a pack and seed): what every instance of a twin keeps in memory, whichever store holds its
 * time-varying data. Indexes are datastream positions (store idx - 1) and district positions
 * (1-based, 0 = the city / no known district).
 */
export interface TwinCatalog {
  readonly pack: CityPack;
  /** The inventory's datastreams, fast streams with their live cadence and staleness limit. */
  readonly datastreams: Datastream[];
  readonly dsIndex: ReadonlyMap<string, number>;
  /** The inventory's asset objects (the embedded engine keeps their `status` up to date). */
  readonly assets: ReadonlyMap<string, Asset>;
  readonly districtIndex: ReadonlyMap<string, number>;
  /** Asset of each datastream. */
  readonly dsAsset: readonly Asset[];
  /** Cadence of stored history per datastream (the inventory's); fast streams report finer live. */
  readonly historyCadence: Int32Array;
  /** Indexes of the fast datastreams, and the metrics they feed. */
  readonly fastStreams: readonly number[];
  readonly fastMetrics: readonly number[];
  /** The metric rollups each datastream feeds. */
  readonly contributions: readonly MetricContribution[][];
  /** Live cadence of metrics fed by fast streams (metric index -> seconds). */
  readonly liveCadence: ReadonlyMap<number, number>;
  /** Counts from the static inventory, for the city and per district index (KPIs). */
  readonly staticCounts: Record<string, number>;
  readonly districtCounts: ReadonlyMap<number, Record<string, number>>;
  /** Datastream indexes of each `<AssetType>:<property>` (rankings) and of each asset. */
  readonly dsByTypeProperty: ReadonlyMap<string, number[]>;
  readonly dsByAsset: ReadonlyMap<string, number[]>;
}

function groupBy(n: number, key: (i: number) => string | undefined): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const k = key(i);
    if (k === undefined) continue;
    const list = out.get(k);
    if (list) list.push(i);
    else out.set(k, [i]);
  }
  return out;
}

/**
 * The catalog of a pack and inventory. `fastCadence`: live cadence of fast streams, seconds; 0 (or
 * not finer than their history) keeps them slow.
 */
export function buildCatalog(pack: CityPack, inventory: Inventory, fastCadence = 0): TwinCatalog {
  const historyCadence = Int32Array.from(inventory.datastreams, (d) => d.cadenceSeconds);
  const assets = new Map(inventory.assets.map((a) => [a.id, a]));
  const isFast = inventory.datastreams.map((d) => {
    const type = assets.get(d.assetId)?.type;
    return fastCadence > 0 && fastCadence < d.cadenceSeconds && FAST_STREAMS.has(`${type}:${d.property}`);
  });
  const fastStreams = isFast.flatMap((f, i) => (f ? [i] : []));
  // Honest metadata: a fast stream promises its live cadence and goes stale after 3 of them.
  const datastreams = inventory.datastreams.map((d, i) =>
    isFast[i] ? { ...d, cadenceSeconds: fastCadence, staleAfterSeconds: 3 * fastCadence } : d,
  );
  const dsIndex = new Map(datastreams.map((d, i) => [d.id, i]));
  const districtIndex = new Map(pack.districts.map((d, i) => [d.id, i + 1]));
  const dsAsset = datastreams.map((d) => {
    const a = assets.get(d.assetId);
    if (!a) throw new Error(`datastream ${d.id} has no asset ${d.assetId}`);
    return a;
  });
  const contributions = datastreams.map((d, i) =>
    metricContributions(dsAsset[i]!, d.property).map((c) =>
      // A fast stream's rollup rows sit on its live grid (the history grid is part of it).
      isFast[i] ? { ...c, cadence: fastCadence } : c,
    ),
  );
  const fastMetrics = [...new Set(fastStreams.flatMap((i) => contributions[i]!.map((c) => c.metric)))];
  const staticCounts: Record<string, number> = {};
  const districtCounts = new Map<number, Record<string, number>>();
  for (const sc of STATIC_COUNTS) {
    staticCounts[sc.id] = 0;
    for (const a of inventory.assets) {
      if (!counted(a, sc)) continue;
      staticCounts[sc.id]! += 1;
      const d = districtIndex.get(a.district) ?? 0;
      const c = districtCounts.get(d) ?? Object.fromEntries(STATIC_COUNTS.map((x) => [x.id, 0]));
      c[sc.id] = (c[sc.id] ?? 0) + 1;
      districtCounts.set(d, c);
    }
  }
  return {
    pack,
    datastreams,
    dsIndex,
    assets,
    districtIndex,
    dsAsset,
    historyCadence,
    fastStreams,
    fastMetrics,
    contributions,
    liveCadence: new Map(fastMetrics.map((m) => [m, fastCadence])),
    staticCounts,
    districtCounts,
    dsByTypeProperty: groupBy(datastreams.length, (i) => `${dsAsset[i]!.type}:${datastreams[i]!.property}`),
    dsByAsset: groupBy(datastreams.length, (i) => datastreams[i]!.assetId),
  };
}

/** The ids among these that name no datastream of the catalog. */
export function unknownDatastreams(c: TwinCatalog, ids: readonly string[]): string[] {
  return ids.filter((id) => !c.dsIndex.has(id));
}

/** The domain of each datastream (of its asset); unknown ids are left out. */
export function datastreamDomains(c: TwinCatalog, ids: readonly string[]): Map<string, Domain> {
  const out = new Map<string, Domain>();
  for (const id of ids) {
    const i = c.dsIndex.get(id);
    if (i !== undefined) out.set(id, c.dsAsset[i]!.domain);
  }
  return out;
}
