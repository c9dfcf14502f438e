/**
 * The district scorecard's view model, pure: from the scorecard answer to the table a department
 * head reads — per indicator and district the value rounded as shown, its level (normal / warning
 * / critical at the indicator's own thresholds, the levels and colours the department maps use:
 * lib/views/department/map-scale.ts), its rank among the districts and the sparkline; the city as
 * the reference row. Missing values stay missing ("–", no level, no rank), never 0.
 */
import { choroplethScale, classIndex, LEVEL_COLOURS, type Level } from "@/lib/views/department/map-scale";
import type { Domain, LocalizedText } from "@/lib/twin/types";
import type { ScorecardIndicator, ScorecardResponse } from "./schemas";

/** What a missing value reads as. */
export const MISSING = "–";

export interface ScorecardColumn {
  metric: string;
  domain: Domain;
  name: LocalizedText;
  unit: string;
  better: "higher" | "lower";
  digits: number;
  thresholds: { warning: number | null; critical: number | null };
}

export interface ScorecardCell {
  /** The value as the API answered it (null: no reading). */
  value: number | null;
  /** Rounded to the indicator's digits: what is shown, ranked and compared. */
  shown: number | null;
  level: Level | null;
  /** Level fill (map-scale LEVEL_COLOURS); null without a level. */
  colour: string | null;
  /** 1 = best; ties share the better rank (1, 2, 2, 4); null without a value. */
  rank: number | null;
  /** Districts with a value: the "of N" of the rank. */
  of: number;
  stale: boolean;
  spark: (number | null)[];
}

export interface ScorecardRow {
  id: string;
  name: LocalizedText;
  cells: ScorecardCell[];
  /** Cells at warning or critical (the row's "why" at a glance). */
  alarms: number;
}

export interface ScorecardView {
  columns: ScorecardColumn[];
  rows: ScorecardRow[];
  city: ScorecardCell[];
  at: string;
  asOf: string;
  simulated: boolean;
}

export function roundTo(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * Competition ranks ("1224") of values where `better` decides the order; equal (rounded) values
 * share a rank, missing values get none.
 */
export function rankValues(values: readonly (number | null)[], better: "higher" | "lower"): (number | null)[] {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return null;
    return 1 + present.filter((o) => (better === "lower" ? o < v : o > v)).length;
  });
}

/** The level of a value at an indicator's thresholds (null: no value, or no levels known). */
export function levelOf(ind: Pick<ScorecardIndicator, "metric" | "better" | "thresholds">, value: number | null): Level | null {
  const scale = choroplethScale({ metric: ind.metric.id, unit: ind.metric.unit.symbol, better: ind.better, thresholds: ind.thresholds });
  if (!scale || scale.kind !== "levels") return null;
  const k = classIndex(scale, value);
  return k < 0 ? null : (scale.classes[k]?.level ?? null);
}

function cell(ind: ScorecardIndicator, c: ScorecardIndicator["city"], rank: number | null, of: number): ScorecardCell {
  const level = levelOf(ind, c.value);
  return {
    value: c.value,
    shown: c.value === null ? null : roundTo(c.value, ind.digits),
    level,
    colour: level ? LEVEL_COLOURS[level] : null,
    rank,
    of,
    stale: c.stale,
    spark: c.spark,
  };
}

export function scorecardView(res: ScorecardResponse): ScorecardView {
  const columns = res.indicators.map((ind): ScorecardColumn => ({
    metric: ind.metric.id,
    domain: ind.metric.domain,
    name: ind.metric.name,
    unit: ind.metric.unit.symbol,
    better: ind.better,
    digits: ind.digits,
    thresholds: ind.thresholds,
  }));
  const byIndicator = res.indicators.map((ind) => {
    const shown = ind.districts.map((c) => (c.value === null ? null : roundTo(c.value, ind.digits)));
    const ranks = rankValues(shown, ind.better);
    const of = shown.filter((v) => v !== null).length;
    return ind.districts.map((c, i) => cell(ind, c, ranks[i] ?? null, of));
  });
  const rows = res.districts.map((d, i): ScorecardRow => {
    const cells = byIndicator.map(
      (cs, j) => cs[i] ?? cell(res.indicators[j]!, { value: null, asOf: null, stale: false, spark: [] }, null, 0),
    );
    return { id: d.id, name: d.name, cells, alarms: cells.filter((c) => c.level === "warning" || c.level === "critical").length };
  });
  const city = res.indicators.map((ind) => cell(ind, ind.city, null, 0));
  return { columns, rows, city, at: res.at, asOf: res.asOf, simulated: res.simulated };
}

/**
 * Rows sorted by one column, worst first (the worst value, which is also the worst level); missing values last.
 * `column` null keeps the districts' own order.
 */
export function sortRows(rows: readonly ScorecardRow[], column: number | null, worstFirst = true): ScorecardRow[] {
  if (column === null) return [...rows];
  const key = (r: ScorecardRow) => r.cells[column]?.rank ?? null;
  return [...rows].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka === null || kb === null) return ka === kb ? 0 : ka === null ? 1 : -1;
    return worstFirst ? kb - ka : ka - kb;
  });
}

const EN_ORDINAL = new Intl.PluralRules("en", { type: "ordinal" });
const EN_SUFFIX: Record<string, string> = { one: "st", two: "nd", few: "rd", other: "th" };

/** "3rd" in English; Chinese writes the number in the sentence ("第3名"). */
export function ordinal(n: number, locale: "en" | "zh"): string {
  return locale === "zh" ? String(n) : `${n}${EN_SUFFIX[EN_ORDINAL.select(n)] ?? "th"}`;
}

/** The 24-hour range of a sparkline (null: no value in it). */
export function sparkRange(values: readonly (number | null)[]): { min: number; max: number } | null {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return present.length === 0 ? null : { min: Math.min(...present), max: Math.max(...present) };
}

/**
 * SVG polylines of a sparkline in a `width` × `height` box, one per run of values (a missing hour
 * breaks the line rather than drawing through it). A flat series sits in the middle.
 */
export function sparkPaths(values: readonly (number | null)[], width: number, height: number): string[] {
  const range = sparkRange(values);
  if (!range || values.length === 0) return [];
  const span = range.max - range.min;
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const y = (v: number) => (span === 0 ? height / 2 : height - 1 - ((v - range.min) / span) * (height - 2));
  const runs: string[] = [];
  let run: string[] = [];
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      if (run.length > 0) runs.push(run.join(" "));
      run = [];
      return;
    }
    run.push(`${(i * step).toFixed(1)},${y(v).toFixed(1)}`);
  });
  if (run.length > 0) runs.push(run.join(" "));
  return runs;
}
