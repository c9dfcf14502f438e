import "server-only";

/** One metric rollup row: slot start (epoch seconds), sum and n. */
export interface RollupRow {
  t: number;
  sum: number;
  n: number;
}

export interface RollupTotal {
  total: number | null;
  newest: number | null;
}

/**
 * The rollup reads KPIs and district values make, synchronously. The SQLite store (`TwinStore`)
 * answers them itself; a store across the network answers them from a prefetch
 * (`recordRollupReads` + `PrefetchedRollups`).
 */
export interface RollupReader {
  /** The newest rollup row of a metric and district (0 = city) with its slot at or before `at`. */
  rollupAt(metric: number, district: number, at: number): RollupRow | undefined;
  /** Sum of rollup sums over slots in [from, to] and the newest slot among them. */
  rollupTotal(metric: number, district: number, from: number, to: number): RollupTotal;
}

/** What a computation reads: every `rollupAt` and `rollupTotal` call, without repeats. */
export interface RollupRequests {
  at: { metric: number; district: number; at: number }[];
  totals: { metric: number; district: number; from: number; to: number }[];
}

const atKey = (metric: number, district: number, at: number) => `${metric}:${district}:${at}`;
const totalKey = (metric: number, district: number, from: number, to: number) => `${metric}:${district}:${from}:${to}`;

/**
 * Runs `read` once against a reader that finds nothing, and returns what it asked for. The
 * computations that use it (KPIs, district values) ask for the same rows whatever the answers,
 * so a second run against the fetched answers reads exactly these.
 */
export function recordRollupReads(read: (r: RollupReader) => unknown): RollupRequests {
  const at = new Map<string, RollupRequests["at"][number]>();
  const totals = new Map<string, RollupRequests["totals"][number]>();
  read({
    rollupAt(metric, district, t) {
      at.set(atKey(metric, district, t), { metric, district, at: t });
      return undefined;
    },
    rollupTotal(metric, district, from, to) {
      totals.set(totalKey(metric, district, from, to), { metric, district, from, to });
      return { total: null, newest: null };
    },
  });
  return { at: [...at.values()], totals: [...totals.values()] };
}

/** Answers the requests it was given (in order); any other read is a bug in the prefetch and throws. */
export class PrefetchedRollups implements RollupReader {
  private readonly at = new Map<string, RollupRow | undefined>();
  private readonly totals = new Map<string, RollupTotal>();

  constructor(req: RollupRequests, at: readonly (RollupRow | undefined)[], totals: readonly RollupTotal[]) {
    req.at.forEach((r, i) => this.at.set(atKey(r.metric, r.district, r.at), at[i]));
    req.totals.forEach((r, i) => this.totals.set(totalKey(r.metric, r.district, r.from, r.to), totals[i] ?? { total: null, newest: null }));
  }

  rollupAt(metric: number, district: number, at: number): RollupRow | undefined {
    const k = atKey(metric, district, at);
    if (!this.at.has(k)) throw new Error(`rollup ${k} was not prefetched`);
    return this.at.get(k);
  }

  rollupTotal(metric: number, district: number, from: number, to: number): RollupTotal {
    const r = this.totals.get(totalKey(metric, district, from, to));
    if (!r) throw new Error(`rollup total ${totalKey(metric, district, from, to)} was not prefetched`);
    return r;
  }
}
