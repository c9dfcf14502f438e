import type { Aggregate } from "./types";

export interface Buckets {
  /** Bucket starts, epoch seconds. */
  starts: number[];
  values: Partial<Record<Aggregate, (number | null)[]>>;
}

/**
 * Bucketing of time series. Self-contained on purpose: nothing in the kernel refers to anything
 * outside its own body (types aside), because worker threads receive it as source text
 * (`seriesKernel.toString()`, sources/series-pool.ts) and run the very same code as the main
 * thread, whatever the bundler made of this module.
 */
export function seriesKernel() {
  /** ISO 8601 duration for a step in seconds (PT5M, PT1H, P1D, P1DT6H). */
  function isoDuration(seconds: number): string {
    let s = Math.round(seconds);
    const d = Math.floor(s / 86400);
    s -= d * 86400;
    const h = Math.floor(s / 3600);
    s -= h * 3600;
    const m = Math.floor(s / 60);
    s -= m * 60;
    let out = "P";
    if (d) out += `${d}D`;
    if (h || m || s) out += `T${h ? `${h}H` : ""}${m ? `${m}M` : ""}${s ? `${s}S` : ""}`;
    return out === "P" ? "PT0S" : out;
  }


  /** First bucket start at or before `from`, aligned so that (start + alignOffset) % step == 0. */
  function alignDown(t: number, step: number, alignOffset = 0): number {
    return Math.floor((t + alignOffset) / step) * step - alignOffset;
  }

  /**
   * Buckets points (sorted by time) over [from, to). Empty buckets are null for every aggregate
   * (count included), so a chart shows a gap rather than a false zero.
   * `alignOffset` shifts the grid, e.g. the time-zone offset so daily buckets start at local midnight.
   * With `weights` (see `gapWeights`), `avg` is weighted: a bucket holding both 5-minute history and
   * 5-second live rows then averages over time instead of over rows.
   */
  function bucketize(
    times: ArrayLike<number>,
    values: ArrayLike<number>,
    from: number,
    to: number,
    step: number,
    aggs: readonly Aggregate[],
    alignOffset = 0,
    weights?: ArrayLike<number>,
  ): Buckets {
    if (!(step > 0)) throw new RangeError("step must be positive");
    const first = alignDown(from, step, alignOffset);
    const n = Math.max(0, Math.ceil((to - first) / step));
    if (n > 200_000) throw new RangeError(`too many buckets (${n}); use a larger step`);
    const starts = Array.from({ length: n }, (_, i) => first + i * step);
    const sum = new Float64Array(n);
    const wsum = new Float64Array(n);
    const wv = new Float64Array(n);
    const cnt = new Float64Array(n);
    const min = new Float64Array(n).fill(Infinity);
    const max = new Float64Array(n).fill(-Infinity);
    const last = new Float64Array(n);
    for (let i = 0; i < times.length; i++) {
      const t = times[i]!;
      if (t < from || t >= to) continue;
      const b = Math.floor((t - first) / step);
      const v = values[i]!;
      sum[b]! += v;
      const w = weights ? weights[i]! : 1;
      wsum[b]! += w;
      wv[b]! += w * v;
      cnt[b]! += 1;
      if (v < min[b]!) min[b] = v;
      if (v > max[b]!) max[b] = v;
      last[b] = v;
    }
    const out: Buckets["values"] = {};
    const col = (f: (b: number) => number) =>
      Array.from({ length: n }, (_, b) => (cnt[b]! > 0 ? f(b) : null));
    for (const a of aggs) {
      if (a === "avg") out.avg = col((b) => (weights && wsum[b]! > 0 ? wv[b]! / wsum[b]! : sum[b]! / cnt[b]!));
      else if (a === "sum") out.sum = col((b) => sum[b]!);
      else if (a === "min") out.min = col((b) => min[b]!);
      else if (a === "max") out.max = col((b) => max[b]!);
      else if (a === "count") out.count = col((b) => cnt[b]!);
      else out.last = col((b) => last[b]!);
    }
    return { starts, values: out };
  }

  /**
   * Time each sample stands for: the gap to the next sample, capped at `cap` (the coarsest
   * resolution, so a hole in the data does not inflate the row before it). The last sample takes
   * the gap before it. Uniformly spaced samples all get the same weight.
   */
  function gapWeights(times: ArrayLike<number>, cap: number): Float64Array {
    const n = times.length;
    const w = new Float64Array(n);
    for (let i = 0; i + 1 < n; i++) w[i] = Math.min(Math.max(times[i + 1]! - times[i]!, 0), cap);
    if (n === 1) w[0] = cap;
    else if (n > 1) w[n - 1] = w[n - 2]!;
    return w;
  }

  return { isoDuration, alignDown, bucketize, gapWeights };
}

export const { isoDuration, alignDown, bucketize, gapWeights } = seriesKernel();
