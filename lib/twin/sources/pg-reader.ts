import "server-only";
/**
 * The read side of the twin on PostgreSQL: every `TwinReader` method over a `PgTwinStore`,
 * answering what the embedded twin answers for the same data. Static metadata (assets,
 * datastreams, districts, metrics, KPI definitions) comes from the catalog every instance builds
 * from its city pack and inventory; what changes (observations, latest values, rollups, alerts
 * with their workflow, asset status) is read from PostgreSQL. The answers themselves are made by
 * the read logic the embedded twin uses (`read-model.ts`), from the rows fetched here.
 */
import type { CityPack, Inventory } from "@/lib/city/types";
import { opsSchemaName } from "@/lib/ops/pg-schema";
import type { PgQueryable } from "@/lib/store/pg/client";
import { buildCatalog, datastreamDomains, unknownDatastreams, type TwinCatalog } from "../catalog";
import { metricInfos } from "../metrics";
import {
  assetDetail,
  assetFilter,
  assetPage,
  assetStreams,
  districtValues,
  iso,
  kpiValues,
  latestValues,
  metricSeries,
  planRank,
  planSeries,
  RANK_LOOKBACK,
  rankFrom,
  sec,
  streamSeries,
  type Reading,
} from "../read-model";
import { recordRollupReads, type RollupReader } from "../rollup-reader";
import { systemClock, type Clock } from "../simulator/clock";
import {
  UnknownIdError,
  type AlertQuery,
  type AssetDetail,
  type AssetPage,
  type AssetQuery,
  type DistrictValues,
  type MetricInfo,
  type RankQuery,
  type RankResult,
  type SeriesQuery,
  type TwinReader,
} from "../source";
import type { PgTwinStore } from "../store/pg/store";
import { alertFromRow } from "../store/rows";
import type { Alert, DistrictInfo, Domain, KpiValue, LatestValue, Observation, Series, SourceInfo } from "../types";

export interface PgTwinReaderOptions {
  pack: CityPack;
  /** The inventory the twin was seeded with (`generateInventory(pack)`); not modified. */
  inventory: Inventory;
  /** An open store on the twin's schema. The reader does not close it. */
  store: PgTwinStore;
  /** The twin's schema: the operations store (alert workflow) is in `opsSchemaName(schema)`. */
  schema: string;
  /** The twin's clock: "now" for latest values, KPIs and rankings asked without an instant. */
  clock?: Clock;
  /**
   * Live cadence of fast streams (substation load), seconds, as the writer runs them; 0 (the
   * default) when they report at their inventory cadence. It sets those streams' cadence and
   * staleness in the metadata, and the staleness of the metrics they feed.
   */
  fastCadenceSeconds?: number;
  /** Whether a simulator writes the data (`info().simulated`). Default true. */
  simulated?: boolean;
  /** Connections of their own for expensive reads (`seriesJson`); default the store's pool. */
  heavy?: PgQueryable;
}

/** Map of store index (1-based) to reading, as `read-model` looks readings up by datastream index. */
function byIndex(rows: readonly { ds: number; t: number; v: number }[]): (i: number) => Reading | undefined {
  const m = new Map(rows.map((r) => [r.ds - 1, { t: r.t, v: r.v }]));
  return (i) => m.get(i);
}

export class PgTwinReader implements TwinReader {
  readonly catalog: TwinCatalog;
  private readonly store: PgTwinStore;
  private readonly clock: Clock;
  private readonly opsSchema: string;
  private readonly simulated: boolean;
  private readonly heavy: PgQueryable;
  /** Real feeds only: true until a first row has been stored (then never again). */
  private empty: boolean;

  constructor(opts: PgTwinReaderOptions) {
    // A copy: the embedded engine changes its inventory's asset statuses, and this reader must not
    // see another twin's (tests open both over one inventory).
    this.catalog = buildCatalog(opts.pack, structuredClone(opts.inventory), opts.fastCadenceSeconds ?? 0);
    this.store = opts.store;
    this.clock = opts.clock ?? systemClock;
    this.opsSchema = opsSchemaName(opts.schema);
    this.simulated = opts.simulated ?? true;
    this.heavy = opts.heavy ?? opts.store.db;
    this.empty = !this.simulated;
  }

  private nowSec(): number {
    return sec(this.clock.now());
  }

  async info(): Promise<SourceInfo> {
    const p = this.catalog.pack;
    // Any instance's ingest records `inputThrough` with its first new row.
    if (this.empty) this.empty = (await this.store.getMeta("inputThrough")) === undefined;
    return { backend: "postgres", simulated: this.simulated, empty: this.empty, city: p.id, cityName: p.name, timezone: p.timezone };
  }

  async now(): Promise<Date> {
    return this.clock.now();
  }

  /**
   * The newer of `meta('through')` (the simulator, as the writer stores it) and
   * `meta('inputThrough')` (the newest row any feed has brought), never beyond now (the epoch
   * before any input).
   */
  async dataThrough(): Promise<Date> {
    const [through, input] = await Promise.all([this.store.getMeta("through"), this.store.getMeta("inputThrough")]);
    const newest = Math.max(0, ...[through, input].map(Number).filter(Number.isFinite));
    return new Date(Math.min(this.nowSec(), newest) * 1000);
  }

  async districts(): Promise<DistrictInfo[]> {
    return this.catalog.pack.districts;
  }

  async listAssets(q: AssetQuery): Promise<AssetPage> {
    return assetPage(q, await this.store.queryAssets(assetFilter(q)));
  }

  async getAsset(id: string): Promise<AssetDetail | null> {
    if (!this.catalog.assets.has(id)) return null;
    const streams = assetStreams(this.catalog, id);
    const [status, latest] = await Promise.all([this.store.assetStatus(id), this.store.latest(streams.map((i) => i + 1))]);
    if (status === undefined) return null;
    const ids = streams.map((i) => this.catalog.datastreams[i]!.id);
    return assetDetail(this.catalog, id, status, latestValues(this.catalog, ids, byIndex(latest), this.nowSec()));
  }

  async latest(ids: string[]): Promise<LatestValue[]> {
    const ds = ids.flatMap((id) => {
      const i = this.catalog.dsIndex.get(id);
      return i === undefined ? [] : [i + 1];
    });
    const rows = ds.length ? await this.store.latest(ds) : [];
    return latestValues(this.catalog, ids, byIndex(rows), this.nowSec());
  }

  async unknownDatastreams(ids: string[]): Promise<string[]> {
    return unknownDatastreams(this.catalog, ids);
  }

  async datastreamDomains(ids: string[]): Promise<Map<string, Domain>> {
    return datastreamDomains(this.catalog, ids);
  }

  async observations(id: string, from: Date, to: Date, limit: number): Promise<Observation[]> {
    const i = this.catalog.dsIndex.get(id);
    if (i === undefined) throw new UnknownIdError("datastream", [id]);
    const rows = await this.store.observations(i + 1, sec(from), sec(to), limit);
    return rows.map((r) => ({ datastreamId: id, t: iso(r.t), v: r.v }));
  }

  async listMetrics(): Promise<MetricInfo[]> {
    return metricInfos();
  }

  async series(q: SeriesQuery): Promise<Series[]> {
    const plan = planSeries(this.catalog, q);
    const from = sec(q.from);
    const to = sec(q.to);
    if (plan.kind === "metric")
      return [metricSeries(this.catalog, q, plan.def, await this.store.rollupRange(plan.metric, plan.district, from, to))];
    const cols = await Promise.all(plan.streams.map((s) => this.store.observationColumns(s.i + 1, from, to)));
    return plan.streams.map((s, k) => streamSeries(this.catalog, q, s, cols[k]!));
  }

  /**
   * `series` as JSON text for an expensive read: rows read on the heavy pool (its own few
   * connections, so light reads always find one), a datastream at a time, each bucketed and
   * serialised before the next is asked for (no more than one stream's rows held at once).
   */
  async seriesJson(q: SeriesQuery): Promise<string> {
    const plan = planSeries(this.catalog, q);
    if (plan.kind === "metric") return JSON.stringify(await this.series(q));
    const from = sec(q.from);
    const to = sec(q.to);
    const parts: string[] = [];
    for (const s of plan.streams) {
      const cols = await this.store.observationColumns(s.i + 1, from, to, this.heavy);
      parts.push(JSON.stringify(streamSeries(this.catalog, q, s, cols)));
    }
    return `[${parts.join(",")}]`;
  }

  /** Runs a rollup computation twice: once to learn what it reads, then over those rows fetched in one round. */
  private async withRollups<T>(compute: (r: RollupReader) => T): Promise<T> {
    const req = recordRollupReads(compute);
    return compute(await this.store.rollupReads(req));
  }

  async kpis(domain: Domain | undefined, at?: Date, district?: string): Promise<KpiValue[]> {
    const a = sec(at ?? this.clock.now());
    return this.withRollups((r) => kpiValues(this.catalog, r, this.catalog.pack.kpis, domain, a, district));
  }

  async districtValues(metric: string, at?: Date): Promise<DistrictValues> {
    const a = sec(at ?? this.clock.now());
    return this.withRollups((r) => districtValues(this.catalog, r, metric, a, at === undefined));
  }

  async rank(q: RankQuery): Promise<RankResult> {
    const plan = planRank(this.catalog, q);
    const a = sec(q.at ?? this.clock.now());
    const ds = plan.streams.map((i) => i + 1);
    let rows: { ds: number; t: number; v: number }[] = [];
    if (ds.length) rows = q.at === undefined ? await this.store.latest(ds) : await this.store.latestAt(ds, a, a - RANK_LOOKBACK);
    return rankFrom(this.catalog, q, plan, byIndex(rows), a);
  }

  async alerts(q: AlertQuery): Promise<Alert[]> {
    return (await this.store.queryAlerts(q, this.opsSchema)).map(alertFromRow);
  }
}
