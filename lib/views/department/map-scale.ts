/**
 * Honest colour scales for the district choropleth: classes anchored to the measure's own levels
 * (normal / warning / critical from its KPI's thresholds), never stretched over whatever range the
 * districts happen to span. 31–33 % feeder loading is "normal" everywhere, whichever district is
 * highest; the legend depends only on the measure, so it stays put while the time cursor moves.
 * Colours are a sequential, colour-blind-safe ramp (ColorBrewer YlOrRd) running from calm to
 * alarming in the direction the measure gets worse. Pure; tested beside.
 */
import type { Level, LevelThresholds } from "@/lib/twin/levels";

export type Better = "higher" | "lower";
/** A measure's levels: the one definition of lib/twin/levels.ts (KPI status, alerts, asset status). */
export type { Level };
export type Thresholds = LevelThresholds;

/** ColorBrewer YlOrRd, 3 and 5 classes: sequential, safe for the common colour-vision deficiencies. */
export const LEVEL_COLOURS: Record<Level, string> = { normal: "#ffeda0", warning: "#feb24c", critical: "#f03b20" };
export const SEQUENTIAL_5 = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"] as const;

/**
 * Levels of choropleth measures that have no KPI (and so no KPI thresholds) of their own: the
 * levels of the alert rule on the same reading (lib/twin/alerts/rules.ts; map-scale.test.ts keeps
 * them equal), so a district painted "warning" is one whose average would raise that alert.
 */
export const ALERT_RULE_LEVELS: Readonly<Record<string, { rule: string; thresholds: Thresholds }>> = {
  "energy.feederLoading": { rule: "feederOverload", thresholds: { warning: 90, critical: 100 } },
  "construction.pm10": { rule: "dustExceedance", thresholds: { warning: 150, critical: 250 } },
};

export interface ScaleClass {
  colour: string;
  /** Lower bound (inclusive when the measure is better lower); null = open. */
  from: number | null;
  /** Upper bound; null = open. */
  to: number | null;
  level?: Level;
}

export interface ChoroplethScale {
  /** "levels": classes at the KPI's thresholds; "fixed": equal steps over a fixed domain (0–100 %). */
  kind: "levels" | "fixed";
  better: Better;
  /** Classes in ascending order of value; a feature's class index is its position here. */
  classes: ScaleClass[];
}

export interface ScaleInput {
  metric: string;
  /** The measure's unit symbol ("%" gets a fixed 0–100 domain when nothing else is known). */
  unit: string;
  better: Better;
  /** The KPI's thresholds when the measure has a KPI; null or absent otherwise. */
  thresholds?: Thresholds | null;
}

const hasLevel = (t: Thresholds | null | undefined): t is Thresholds => !!t && (t.warning !== null || t.critical !== null);

/**
 * The scale of a measure, or null when it has neither levels nor a fixed domain (then the map
 * draws districts without colouring them rather than invent a range).
 */
export function choroplethScale({ metric, unit, better, thresholds }: ScaleInput): ChoroplethScale | null {
  const levels = hasLevel(thresholds) ? thresholds : ALERT_RULE_LEVELS[metric]?.thresholds;
  if (levels) {
    // From good to bad: normal, then each level that is set.
    const steps = (["warning", "critical"] as const).flatMap((level) => (levels[level] === null ? [] : [{ level, at: levels[level] as number }]));
    const bounds = steps.map((s) => s.at);
    const goodToBad: ScaleClass[] = [{ level: "normal", colour: LEVEL_COLOURS.normal, from: null, to: null }];
    for (const s of steps) goodToBad.push({ level: s.level, colour: LEVEL_COLOURS[s.level], from: null, to: null });
    // Attach bounds in ascending value order.
    const classes = better === "lower" ? goodToBad : [...goodToBad].reverse();
    const asc = better === "lower" ? bounds : [...bounds].reverse();
    classes.forEach((c, i) => {
      c.from = i === 0 ? null : (asc[i - 1] ?? null);
      c.to = i === classes.length - 1 ? null : (asc[i] ?? null);
    });
    return { kind: "levels", better, classes };
  }
  if (unit === "%") {
    const colours = better === "lower" ? [...SEQUENTIAL_5] : [...SEQUENTIAL_5].reverse();
    return { kind: "fixed", better, classes: colours.map((colour, i) => ({ colour, from: i === 0 ? null : i * 20, to: i === 4 ? null : (i + 1) * 20 })) };
  }
  return null;
}

/**
 * The class index of a value (-1 without a value). A value on a threshold is in the worse class,
 * as the KPI's status has it (lib/twin/kpis.ts `kpiStatus`: `>=` when lower is better, `<=` when
 * higher is).
 */
export function classIndex(scale: ChoroplethScale, value: number | null | undefined): number {
  if (value === null || value === undefined || !Number.isFinite(value)) return -1;
  const { classes } = scale;
  if (scale.kind === "fixed" || scale.better === "lower") {
    let k = 0;
    classes.forEach((c, i) => {
      if (c.from !== null && value >= c.from) k = i;
    });
    return k;
  }
  // Higher is better: worse downwards, so a value on a bound belongs to the class below it.
  for (let i = 0; i < classes.length - 1; i++) {
    const to = classes[i]?.to;
    if (to !== null && to !== undefined && value <= to) return i;
  }
  return classes.length - 1;
}

/** The legend's classes, good first. */
export function legendClasses(scale: ChoroplethScale): ScaleClass[] {
  return scale.better === "lower" ? scale.classes : [...scale.classes].reverse();
}
