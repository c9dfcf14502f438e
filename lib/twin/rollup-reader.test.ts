import { describe, expect, it } from "vitest";
import { PrefetchedRollups, recordRollupReads, type RollupReader } from "./rollup-reader";

/** A computation shaped like a KPI: two instants of two metrics and a day total. */
const compute = (r: RollupReader) => {
  const a = r.rollupAt(0, 0, 1000);
  const b = r.rollupAt(2, 3, 1000);
  const again = r.rollupAt(0, 0, 1000);
  const total = r.rollupTotal(8, 0, 0, 1000);
  return { a: a?.sum ?? null, b: b?.sum ?? null, again: again?.sum ?? null, total: total.total };
};

describe("recorded and prefetched rollup reads", () => {
  it("records each read once, in order, and answers them from the prefetch", () => {
    const req = recordRollupReads(compute);
    expect(req).toEqual({
      at: [
        { metric: 0, district: 0, at: 1000 },
        { metric: 2, district: 3, at: 1000 },
      ],
      totals: [{ metric: 8, district: 0, from: 0, to: 1000 }],
    });
    const r = new PrefetchedRollups(req, [{ t: 900, sum: 5, n: 1 }, undefined], [{ total: 42, newest: 900 }]);
    expect(compute(r)).toEqual({ a: 5, b: null, again: 5, total: 42 });
  });

  it("refuses a read it was not given, rather than answering 'no data'", () => {
    const r = new PrefetchedRollups({ at: [], totals: [] }, [], []);
    expect(() => r.rollupAt(0, 0, 1)).toThrow(/not prefetched/);
    expect(() => r.rollupTotal(0, 0, 0, 1)).toThrow(/not prefetched/);
  });
});
