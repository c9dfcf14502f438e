/**
 * Small-count suppression for public count tables (one count per district plus the city total).
 *
 * Primary: counts from 1 to 10 are never published ("fewer than 11"); 0 is a true zero and is.
 * Secondary: with the total published, one suppressed cell could be worked out as total minus the
 * rest, so more cells are withheld until no small count has a single possible value, and the total
 * itself is withheld when even that is not enough. The check assumes a strong reader who knows
 * which cells are small (1–10) and which were withheld (≥ 11, since zeros are never withheld).
 * Pure: used by the read model and by the property tests.
 */

/** Counts from 1 to this are suppressed. */
export const SMALL_COUNT_MAX = 10;

export type Suppression = "small" | "secondary";

export interface SuppressedCell {
  /** The count, or null when suppressed. */
  value: number | null;
  suppression: Suppression | null;
}

export interface SuppressedTable {
  cells: SuppressedCell[];
  /** The true total of all cells, or null when publishing it would reveal a small count. */
  total: number | null;
  totalWithheld: boolean;
}

export function isSmallCount(v: number): boolean {
  return v >= 1 && v <= SMALL_COUNT_MAX;
}

/**
 * Values a small cell could take given the published total and cells: its own range [1, 10]
 * intersected with what the other suppressed cells leave room for.
 */
export function feasibleRange(
  suppressedSum: number,
  otherSmall: number,
  otherSecondary: number,
): { lo: number; hi: number } {
  const restMin = otherSmall + (SMALL_COUNT_MAX + 1) * otherSecondary;
  const restMax = otherSecondary > 0 ? Infinity : SMALL_COUNT_MAX * otherSmall;
  return {
    lo: Math.max(1, suppressedSum - restMax),
    hi: Math.min(SMALL_COUNT_MAX, suppressedSum - restMin),
  };
}

/** True when some small cell has exactly one value consistent with the published figures. */
function anySmallRecoverable(values: readonly number[], marks: readonly (Suppression | null)[]): boolean {
  let sum = 0;
  let small = 0;
  let secondary = 0;
  marks.forEach((m, i) => {
    if (m === null) return;
    sum += values[i] ?? 0;
    if (m === "small") small++;
    else secondary++;
  });
  if (small === 0) return false;
  // Every small cell faces the same constraint, so checking one stands for all.
  const { lo, hi } = feasibleRange(sum, small - 1, secondary);
  return hi - lo < 1;
}

/**
 * Suppresses a count table. `values` are non-negative integers; the total is their sum.
 * Secondary cells are the smallest published counts (fewest figures lost), ties by position.
 */
export function suppressCounts(values: readonly number[]): SuppressedTable {
  for (const v of values) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`counts must be non-negative integers, got ${v}`);
  }
  const marks: (Suppression | null)[] = values.map((v) => (isSmallCount(v) ? "small" : null));
  const total = values.reduce((a, b) => a + b, 0);
  let totalWithheld = false;
  while (anySmallRecoverable(values, marks)) {
    let pick = -1;
    values.forEach((v, i) => {
      if (marks[i] === null && v > SMALL_COUNT_MAX && (pick < 0 || v < (values[pick] ?? Infinity))) pick = i;
    });
    if (pick < 0) {
      // Nothing left to withhold: the total is what gives the small counts away.
      totalWithheld = true;
      break;
    }
    marks[pick] = "secondary";
  }
  return {
    cells: values.map((v, i) => {
      const m = marks[i] ?? null;
      return { value: m === null ? v : null, suppression: m };
    }),
    total: totalWithheld ? null : total,
    totalWithheld,
  };
}
