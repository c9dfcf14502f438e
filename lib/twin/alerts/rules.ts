import "server-only";
import type { Asset, AlertSeverity, AssetType, Domain, LocalizedText } from "../types";

export interface AlertRule {
  id: string;
  domain: Domain;
  category: string;
  assetType: AssetType;
  property: string;
  /** Value the thresholds apply to (e.g. beds occupied -> percent of beds). */
  measure(v: number, asset: Asset): number;
  /** Highest threshold first. */
  levels: { above: number; severity: AlertSeverity }[];
  /** Hysteresis: an open alert clears only once the measure falls below this. */
  clearBelow: number;
  /** The condition must hold this long (seconds, observation to observation) before raising. */
  holdSeconds: number;
  describe(asset: Asset, value: number, threshold: number): LocalizedText;
}

const pct = (v: number) => `${v.toFixed(1)} %`;

export const ALERT_RULES: readonly AlertRule[] = [
  {
    id: "feederOverload",
    domain: "energy",
    category: "energy",
    assetType: "Feeder",
    property: "loading",
    measure: (v) => v,
    levels: [
      { above: 100, severity: "critical" },
      { above: 90, severity: "major" },
    ],
    clearBelow: 85,
    holdSeconds: 0,
    describe: (a, v, th) => ({
      en: `${a.name.en} loading ${pct(v)} above ${th} % of rating`,
      zh: `${a.name.zh} 负载率 ${pct(v)}，超过额定值的 ${th}%`,
    }),
  },
  {
    id: "congestion",
    domain: "transport",
    category: "traffic",
    assetType: "TrafficFlowObserved",
    property: "congestionIndex",
    measure: (v) => v,
    levels: [{ above: 3.0, severity: "major" }],
    clearBelow: 2.7,
    // Three 5-minute readings in a row: 15 minutes of heavy congestion, not one bad sample.
    holdSeconds: 600,
    describe: (a, v, th) => ({
      en: `Heavy congestion on ${a.name.en}: index ${v.toFixed(2)} above ${th} for 15 min`,
      zh: `${a.name.zh} 严重拥堵：拥堵指数 ${v.toFixed(2)}，持续15分钟超过 ${th}`,
    }),
  },
  {
    id: "bedOccupancy",
    domain: "health",
    category: "health",
    assetType: "Building",
    property: "bedsOccupied",
    measure: (v, a) => {
      const beds = a.properties.beds;
      return typeof beds === "number" && beds > 0 ? (100 * v) / beds : 0;
    },
    levels: [{ above: 95, severity: "major" }],
    clearBelow: 93,
    holdSeconds: 0,
    describe: (a, v, th) => ({
      en: `${a.name.en} bed occupancy ${pct(v)} above ${th} %`,
      zh: `${a.name.zh} 床位占用率 ${pct(v)}，超过 ${th}%`,
    }),
  },
  {
    id: "dustExceedance",
    domain: "construction",
    category: "environment",
    assetType: "CityWork",
    property: "pm10",
    measure: (v) => v,
    levels: [
      { above: 250, severity: "major" },
      { above: 150, severity: "minor" },
    ],
    clearBelow: 120,
    holdSeconds: 0,
    describe: (a, v, th) => ({
      en: `Dust at ${a.name.en}: PM10 ${v.toFixed(0)} µg/m³ above ${th} µg/m³`,
      zh: `${a.name.zh} 扬尘超标：PM10 ${v.toFixed(0)} µg/m³，超过 ${th} µg/m³`,
    }),
  },
];

export interface RuleState {
  /** Start of the current run above the lowest threshold, for `holdSeconds`. */
  runStart: number | null;
  open: { id: string; severity: AlertSeverity; start: number } | null;
}

export type RuleAction =
  | { kind: "raise"; start: number; severity: AlertSeverity; value: number; threshold: number }
  | { kind: "escalate"; severity: AlertSeverity; value: number; threshold: number }
  | { kind: "clear"; end: number }
  | null;

const RANK: Record<AlertSeverity, number> = { info: 0, minor: 1, major: 2, critical: 3 };

/** One observation through one rule: pure, so hysteresis and hold are unit-testable. */
export function stepRule(rule: AlertRule, state: RuleState, t: number, value: number): RuleAction {
  const level = rule.levels.find((l) => value > l.above);
  if (state.open) {
    if (value < rule.clearBelow) {
      state.open = null;
      state.runStart = null;
      return { kind: "clear", end: t };
    }
    if (level && RANK[level.severity] > RANK[state.open.severity]) {
      state.open.severity = level.severity;
      return { kind: "escalate", severity: level.severity, value, threshold: level.above };
    }
    return null;
  }
  if (!level) {
    state.runStart = null;
    return null;
  }
  state.runStart ??= t;
  if (t - state.runStart < rule.holdSeconds) return null;
  // The caller fills in the alert id when it stores the alert.
  state.open = { id: "", severity: level.severity, start: state.runStart };
  return { kind: "raise", start: state.runStart, severity: level.severity, value, threshold: level.above };
}
