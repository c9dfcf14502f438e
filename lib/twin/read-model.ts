import "server-only";
/**
 * The twin's read logic over rows a store has already fetched: one implementation that the
 * embedded twin (SQLite, in-process) and the PostgreSQL reader both answer with, so the two
 * backends give the same answers for the same data. Each query is split where a store has to be
 * asked: a plan (ids checked and resolved against the catalog), the store's rows, the answer.
 */
import { DATASTREAM_SPECS } from "@/lib/city/datastreams";
import type { DatastreamSpec } from "@/lib/city/datastreams";
import { HISTORY_RESOLUTION, type TwinCatalog } from "./catalog";
import { computeKpis } from "./kpis";
import { METRICS, METRIC_INDEX, rollupValue, type MetricDef } from "./metrics";
import type { RollupReader, RollupRow } from "./rollup-reader";
import { bucketSeries, type SeriesGrid } from "./sources/series-job";
import { tzOffsetSeconds } from "./simulator/local-time";
import {
  UnknownIdError,
  type AssetDetail,
  type AssetPage,
  type AssetQuery,
  type DistrictValues,
  type RankItem,
  type RankQuery,
  type RankResult,
  type SeriesQuery,
} from "./source";
import { assetFromRow, type AssetFilter, type AssetRow } from "./store/rows";
import type { Domain, KpiDefinition, KpiValue, LatestValue, Series } from "./types";

/** Thrown by `listAssets` for a cursor it did not issue; route handlers answer 400. */
export class BadCursorError extends Error {
  constructor(readonly cursor: string) {
    super("malformed cursor");
    this.name = "BadCursorError";
  }
}

export const sec = (d: Date) => Math.floor(d.getTime() / 1000);
export const iso = (s: number) => new Date(s * 1000).toISOString();
/** Values older than this (seconds) are not "the value at" an instant. */
export const RANK_LOOKBACK = 2 * 86400;

/** A stored reading (epoch seconds, value). */
export interface Reading {
  t: number;
  v: number;
}

export function encodeCursor(id: string): string {
  return Buffer.from(id, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string): string {
  const id = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, "base64url").toString("utf8") : "";
  if (!id.startsWith("urn:ngsi-ld:") || encodeCursor(id) !== cursor) throw new BadCursorError(cursor);
  return id;
}

/** The store filter of an asset query: its cursor decoded, one row more than a page (is there a next?). */
export function assetFilter(q: AssetQuery): AssetFilter {
  if (q.cursor !== undefined && q.before !== undefined) throw new BadCursorError(q.before);
  const afterId = q.cursor !== undefined ? decodeCursor(q.cursor) : undefined;
  const beforeId = q.before !== undefined ? decodeCursor(q.before) : undefined;
  return { ...q, afterId, beforeId, limit: q.limit + 1 };
}

/** The page of an asset query from the rows `assetFilter` asked the store for (a page before one comes nearest first). */
export function assetPage(q: AssetQuery, found: { rows: AssetRow[]; total: number }): AssetPage {
  const back = q.before !== undefined;
  const more = found.rows.length > q.limit;
  const page = found.rows.slice(0, q.limit);
  if (back) page.reverse();
  const first = page[0];
  const last = page[page.length - 1];
  return {
    assets: page.map(assetFromRow),
    total: found.total,
    nextCursor: (back || more) && last ? encodeCursor(last.id) : null,
    prevCursor: (back ? more : q.cursor !== undefined) && first ? encodeCursor(first.id) : null,
  };
}

/** Latest values of these ids (unknown ones and streams without a reading left out) at `now`. */
export function latestValues(
  c: TwinCatalog,
  ids: readonly string[],
  reading: (i: number) => Reading | undefined,
  now: number,
): LatestValue[] {
  const out: LatestValue[] = [];
  for (const id of ids) {
    const i = c.dsIndex.get(id);
    if (i === undefined) continue;
    const r = reading(i);
    if (!r || Number.isNaN(r.t)) continue;
    const d = c.datastreams[i]!;
    out.push({ datastreamId: id, t: iso(r.t), v: r.v, unit: d.unit, stale: now - r.t > d.staleAfterSeconds });
  }
  return out;
}

/** Datastream indexes of an asset (inventory order); empty for an unknown asset. */
export function assetStreams(c: TwinCatalog, id: string): number[] {
  return c.dsByAsset.get(id) ?? [];
}

/** An asset's detail: a copy of the catalog's asset with `status` (from the store), its streams and their latest values. */
export function assetDetail(c: TwinCatalog, id: string, status: string, latest: LatestValue[]): AssetDetail | null {
  const asset = c.assets.get(id);
  if (!asset) return null;
  const datastreams = assetStreams(c, id).map((i) => c.datastreams[i]!);
  return { asset: { ...structuredClone(asset), status: status as typeof asset.status }, datastreams, latest };
}

/** What a series query reads: raw rows of some datastreams, or one metric's rollups. */
export type SeriesPlan =
  { kind: "datastreams"; streams: { id: string; i: number }[] } | { kind: "metric"; metric: number; def: MetricDef; district: number };

/** Rollup index of a district id (0 = city when undefined); UnknownIdError for ids not in the pack. */
export function districtIdx(c: TwinCatalog, id: string | undefined): number {
  if (id === undefined) return 0;
  const d = c.districtIndex.get(id);
  if (d === undefined) throw new UnknownIdError("district", [id]);
  return d;
}

/** Checks a series query's ids (UnknownIdError) and says what to read. */
export function planSeries(c: TwinCatalog, q: SeriesQuery): SeriesPlan {
  if (q.datastreams?.length) {
    const unknown = q.datastreams.filter((id) => !c.dsIndex.has(id));
    if (unknown.length) throw new UnknownIdError("datastream", unknown);
    return { kind: "datastreams", streams: q.datastreams.map((id) => ({ id, i: c.dsIndex.get(id)! })) };
  }
  const mi = q.metric === undefined ? undefined : METRIC_INDEX.get(q.metric);
  const def = mi === undefined ? undefined : METRICS[mi];
  if (mi === undefined || !def) throw new UnknownIdError("metric", [q.metric ?? ""]);
  return { kind: "metric", metric: mi, def, district: districtIdx(c, q.district) };
}

/** The bucket grid of a series query in this city (what a worker thread needs besides the rows). */
export function seriesGrid(c: TwinCatalog, q: SeriesQuery): SeriesGrid {
  const from = sec(q.from);
  return {
    from,
    to: sec(q.to),
    stepSeconds: q.stepSeconds,
    aggs: q.aggs,
    alignOffset: tzOffsetSeconds(c.pack.timezone, from),
    gapSeconds: HISTORY_RESOLUTION,
  };
}

function buckets(c: TwinCatalog, q: SeriesQuery, t: ArrayLike<number>, v: ArrayLike<number>) {
  return bucketSeries(seriesGrid(c, q), t, v);
}

/** One datastream's series from its rows in [from, to) (time order). */
export function streamSeries(
  c: TwinCatalog,
  q: SeriesQuery,
  s: { id: string; i: number },
  rows: { t: ArrayLike<number>; v: ArrayLike<number> },
): Series {
  return { id: s.id, unit: c.datastreams[s.i]!.unit, ...buckets(c, q, rows.t, rows.v) };
}

/** A metric's series over a district or the city from its rollup rows in [from, to) (time order). */
export function metricSeries(c: TwinCatalog, q: SeriesQuery, def: MetricDef, rows: readonly RollupRow[]): Series {
  const times = new Float64Array(rows.length);
  const values = new Float64Array(rows.length);
  let k = 0;
  for (const r of rows) {
    const v = rollupValue(def, r.sum, r.n);
    if (v === null) continue;
    times[k] = r.t;
    values[k++] = v;
  }
  return { id: `${def.id}@${q.district ?? "city"}`, unit: def.unit, ...buckets(c, q, times.subarray(0, k), values.subarray(0, k)) };
}

/** KPI values of a domain for the city or a district (UnknownIdError) at `at`, from these rollups. */
export function kpiValues(
  c: TwinCatalog,
  rollups: RollupReader,
  defs: KpiDefinition[],
  domain: Domain | undefined,
  at: number,
  district: string | undefined,
): KpiValue[] {
  const { liveCadence, staticCounts, districtCounts } = c;
  return computeKpis(
    { store: rollups, timezone: c.pack.timezone, staticCounts, liveCadence, district: districtIdx(c, district), districtCounts },
    defs,
    domain,
    at,
  );
}

/** A metric in every district at `at` (asked for "now" when `live`), from these rollups. */
export function districtValues(c: TwinCatalog, rollups: RollupReader, metric: string, a: number, live: boolean): DistrictValues {
  const mi = METRIC_INDEX.get(metric);
  const def = mi === undefined ? undefined : METRICS[mi];
  if (mi === undefined || !def) throw new UnknownIdError("metric", [metric]);
  const staleAfter = 3 * (c.liveCadence.get(mi) ?? def.cadenceSeconds);
  let newest = -Infinity;
  const read = (d: number) => {
    const r = rollups.rollupAt(mi, d, a);
    if (!r || r.t < a - RANK_LOOKBACK) return { value: null, asOf: null, stale: true };
    newest = Math.max(newest, r.t);
    return { value: rollupValue(def, r.sum, r.n), asOf: iso(r.t), stale: a - r.t > staleAfter };
  };
  const city = read(0);
  const districts = c.pack.districts.map((d, i) => ({ id: d.id, name: d.name, ...read(i + 1) }));
  const { id, domain, name, unit, rollup } = def;
  const asOf = iso(Number.isFinite(newest) ? newest : a);
  // Asked for "now", the answer describes its newest data: the same data gives the same answer,
  // so clients polling or pushed by events do not redraw for nothing.
  return { metric: { id, domain, name, unit, rollup }, at: live ? asOf : iso(a), asOf, city, districts };
}

/** What a ranking reads: the value of each of these datastreams (newest at or before `at`). */
export interface RankPlan {
  spec: DatastreamSpec;
  streams: number[];
}

/** Checks a ranking's type, property and district (UnknownIdError) and lists the streams to read. */
export function planRank(c: TwinCatalog, q: RankQuery): RankPlan {
  const spec = DATASTREAM_SPECS[q.type].find((s) => s.property === q.property);
  if (!spec) throw new UnknownIdError("datastream", [`${q.type}:${q.property}`]);
  if (q.district !== undefined) districtIdx(c, q.district);
  const streams = (c.dsByTypeProperty.get(`${q.type}:${q.property}`) ?? []).filter(
    (i) => q.district === undefined || c.dsAsset[i]!.district === q.district,
  );
  return { spec, streams };
}

/** The ranking from each planned stream's reading at `a` (the latest when the query has no `at`). */
export function rankFrom(c: TwinCatalog, q: RankQuery, plan: RankPlan, reading: (i: number) => Reading | undefined, a: number): RankResult {
  const live = q.at === undefined;
  const items: RankItem[] = [];
  let newest = -Infinity;
  for (const i of plan.streams) {
    const d = c.datastreams[i]!;
    const asset = c.dsAsset[i]!;
    const r = reading(i);
    if (!r || !Number.isFinite(r.t) || r.t < a - RANK_LOOKBACK) continue;
    const { t, v } = r;
    let value = v;
    if (q.per !== undefined) {
      const den = asset.properties[q.per];
      if (typeof den !== "number" || den === 0) continue;
      value = (100 * v) / den;
    }
    newest = Math.max(newest, t);
    items.push({
      assetId: asset.id,
      datastreamId: d.id,
      name: asset.name,
      district: asset.district,
      value,
      raw: v,
      t: iso(t),
      stale: a - t > d.staleAfterSeconds,
      properties: asset.properties,
    });
  }
  const dir = q.order === "asc" ? 1 : -1;
  items.sort((x, y) => dir * (x.value - y.value) || (x.assetId < y.assetId ? -1 : 1));
  const asOf = iso(Number.isFinite(newest) ? newest : a);
  return {
    // Live: the newest value's time (see districtValues), so an unchanged ranking answers the same.
    at: live ? asOf : iso(a),
    asOf,
    type: q.type,
    property: q.property,
    per: q.per ?? null,
    unit: q.per !== undefined ? { symbol: "%", code: "P1" } : plan.spec.unit,
    total: items.length,
    items: items.slice(0, q.limit),
  };
}
