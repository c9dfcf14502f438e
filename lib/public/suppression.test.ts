import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SMALL_COUNT_MAX, suppressCounts, type SuppressedTable } from "./suppression";

/**
 * An attacker independent of the implementation: from the published cells and total, every value
 * each small cell could take, by brute force over the sums the other suppressed cells can reach
 * (small cells 1..10, withheld cells 11..total). Returns the candidates per suppressed small cell.
 */
function attackerCandidates(table: SuppressedTable): number[][] {
  if (table.total === null) return table.cells.filter((c) => c.suppression === "small").map(() => range(1, SMALL_COUNT_MAX));
  const published = table.cells.reduce((a, c) => a + (c.value ?? 0), 0);
  const hidden = table.total - published;
  const out: number[][] = [];
  table.cells.forEach((cell, i) => {
    if (cell.suppression !== "small") return;
    // reachable[s]: the other suppressed cells can add up to s.
    let reachable = new Array<boolean>(hidden + 1).fill(false);
    reachable[0] = true;
    table.cells.forEach((other, j) => {
      if (j === i || other.suppression === null) return;
      const [lo, hi] = other.suppression === "small" ? [1, SMALL_COUNT_MAX] : [SMALL_COUNT_MAX + 1, hidden];
      const next = new Array<boolean>(hidden + 1).fill(false);
      for (let s = 0; s <= hidden; s++) {
        if (!reachable[s]) continue;
        for (let v = lo; v <= hi && s + v <= hidden; v++) next[s + v] = true;
      }
      reachable = next;
    });
    out.push(range(1, SMALL_COUNT_MAX).filter((x) => x <= hidden && reachable[hidden - x]));
  });
  return out;
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, k) => a + k);
}

/** Tables like district counts: mostly small or moderate values, some zeros. */
const countTable = fc.array(
  fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 60 }), fc.constant(11)),
  { minLength: 1, maxLength: 10 },
);

describe("suppressCounts", () => {
  it("shows 1 to 10 as suppressed and publishes zero and 11 or more", () => {
    const t = suppressCounts([0, 1, 10, 11, 250, 40]);
    expect(t.cells.map((c) => c.suppression)).toEqual([null, "small", "small", null, null, null]);
    expect(t.cells[0]?.value).toBe(0);
    expect(t.cells[3]?.value).toBe(11);
    expect(t.total).toBe(312);
  });

  it("withholds a second cell when one small count could be read off the total", () => {
    const t = suppressCounts([30, 4, 25, 60]);
    expect(t.cells.map((c) => c.suppression)).toEqual([null, "small", "secondary", null]);
    expect(t.total).toBe(119);
  });

  it("withholds the total when only zeros are left to hide behind", () => {
    const t = suppressCounts([0, 3, 0]);
    expect(t.total).toBeNull();
    expect(t.totalWithheld).toBe(true);
  });

  it("property: no small count can be worked out from the published figures", () => {
    fc.assert(
      fc.property(countTable, (values) => {
        const table = suppressCounts(values);
        for (const candidates of attackerCandidates(table)) expect(candidates.length).toBeGreaterThanOrEqual(2);
      }),
      { numRuns: 2000 },
    );
  });

  it("property: every published figure is true and every 1-10 count is hidden", () => {
    fc.assert(
      fc.property(countTable, (values) => {
        const table = suppressCounts(values);
        table.cells.forEach((c, i) => {
          const v = values[i]!;
          if (c.value !== null) expect(c.value).toBe(v);
          if (v >= 1 && v <= SMALL_COUNT_MAX) expect(c).toEqual({ value: null, suppression: "small" });
          if (c.suppression === "secondary") expect(v).toBeGreaterThan(SMALL_COUNT_MAX);
        });
        if (table.total !== null) expect(table.total).toBe(values.reduce((a, b) => a + b, 0));
      }),
      { numRuns: 1000 },
    );
  });
});
