/**
 * Bucketing one datastream's rows into a `Series`, and an expensive `/series` read as a job a
 * worker thread can run with nothing but a read-only SQLite connection (series-worker.ts): every
 * input the catalog would give (store index, unit, the time-zone offset of the grid) is resolved
 * by the caller. The inline read (read-model.ts `streamSeries`) goes through the same functions,
 * so both give the same bytes. No `server-only` here: a worker thread imports it.
 */
import type Database from "better-sqlite3";
import { bucketize, gapWeights, isoDuration } from "../series";
import type { Aggregate, Series } from "../types";

/** One datastream's rows in [from, to), oldest first (SQLite; `.raw()` rows are [t, v]). */
export const OBS_RANGE_SQL = "SELECT t, v FROM observations WHERE ds = ? AND t >= ? AND t < ? ORDER BY t";

export interface SeriesGrid {
  /** Epoch seconds, [from, to). */
  from: number;
  to: number;
  stepSeconds: number;
  aggs: readonly Aggregate[];
  /** Seconds added before aligning buckets (the city's UTC offset at `from`: days start at local midnight). */
  alignOffset: number;
  /** Longest gap between rows that still counts as covered (the history resolution), seconds. */
  gapSeconds: number;
}

export interface SeriesJob extends SeriesGrid {
  /** The datastreams in answer order: id, unit, and store index (1-based). */
  streams: { id: string; unit: Series["unit"]; ds: number }[];
}

/** Raw [t, v] rows as columns. */
export function columnsOf(rows: readonly (readonly [number, number])[]): { t: Float64Array; v: Float64Array } {
  const t = new Float64Array(rows.length);
  const v = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    t[i] = r[0];
    v[i] = r[1];
  }
  return { t, v };
}

/** One series' buckets over the grid, from its rows (time order). */
export function bucketSeries(grid: SeriesGrid, times: ArrayLike<number>, values: ArrayLike<number>): Pick<Series, "step" | "t" | "values"> {
  const b = bucketize(times, values, grid.from, grid.to, grid.stepSeconds, grid.aggs, grid.alignOffset, gapWeights(times, grid.gapSeconds));
  return { step: isoDuration(grid.stepSeconds), t: b.starts.map((s) => new Date(s * 1000).toISOString()), values: b.values };
}

/**
 * The job's series as JSON text, exactly `JSON.stringify(series)` of the inline read, built one
 * datastream at a time so that no more than one stream's buckets are held as objects at once.
 */
export function runSeriesJob(db: Database.Database, job: SeriesJob): string {
  const rows = db.prepare(OBS_RANGE_SQL).raw(true);
  const parts = job.streams.map((s) => {
    const cols = columnsOf(rows.all(s.ds, job.from, job.to) as [number, number][]);
    return JSON.stringify({ id: s.id, unit: s.unit, ...bucketSeries(job, cols.t, cols.v) } satisfies Series);
  });
  return `[${parts.join(",")}]`;
}
