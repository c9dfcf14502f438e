/**
 * An expensive `/series` read as a job a worker thread can run with nothing but a read-only
 * SQLite connection (series-pool.ts): every input the catalog would give (store index, unit, the
 * time-zone offset of the grid) is resolved by the caller. The inline read (read-model.ts
 * `streamSeries`) buckets through the same kernel, so both give the same bytes.
 */
import type Database from "better-sqlite3";
import { seriesKernel } from "../series";
import type { Aggregate, Series } from "../types";

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

/**
 * The job kernel over a series kernel. Self-contained like `seriesKernel` (worker threads get
 * its source text): it refers to nothing outside its body but its argument (types aside).
 */
export function seriesJobKernel(k: ReturnType<typeof seriesKernel>) {
  /** One datastream's rows in [from, to), oldest first (`.raw()` rows are [t, v]). */
  const OBS_RANGE_SQL = "SELECT t, v FROM observations WHERE ds = ? AND t >= ? AND t < ? ORDER BY t";

  /** Raw [t, v] rows as columns. */
  function columnsOf(rows: readonly (readonly [number, number])[]): { t: Float64Array; v: Float64Array } {
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
  function bucketSeries(grid: SeriesGrid, times: ArrayLike<number>, values: ArrayLike<number>): Pick<Series, "step" | "t" | "values"> {
    const b = k.bucketize(times, values, grid.from, grid.to, grid.stepSeconds, grid.aggs, grid.alignOffset, k.gapWeights(times, grid.gapSeconds));
    return { step: k.isoDuration(grid.stepSeconds), t: b.starts.map((s) => new Date(s * 1000).toISOString()), values: b.values };
  }

  /**
   * The job's series as JSON text, exactly `JSON.stringify(series)` of the inline read, built a
   * datastream at a time (no more than one stream's buckets held as objects at once).
   */
  function runSeriesJob(db: Pick<Database.Database, "prepare">, job: SeriesJob): string {
    const rows = db.prepare(OBS_RANGE_SQL).raw(true);
    const parts = job.streams.map((s) => {
      const cols = columnsOf(rows.all(s.ds, job.from, job.to) as [number, number][]);
      const series: Series = { id: s.id, unit: s.unit, ...bucketSeries(job, cols.t, cols.v) };
      return JSON.stringify(series);
    });
    return `[${parts.join(",")}]`;
  }

  return { OBS_RANGE_SQL, columnsOf, bucketSeries, runSeriesJob };
}

export const { OBS_RANGE_SQL, columnsOf, bucketSeries, runSeriesJob } = seriesJobKernel(seriesKernel());
