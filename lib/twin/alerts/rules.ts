import "server-only";
import { DOMAIN_MODULES } from "@/domains";
import type { AlertRuleSpec } from "@/domains/types";
import type { Asset, AlertSeverity, AssetType, Domain, LocalizedText } from "../types";

export interface AlertRule {
  id: string;
  domain: Domain;
  category: string;
  assetType: AssetType;
  property: string;
  /** Value the thresholds apply to (e.g. beds occupied -> percent of beds). */
  measure(v: number, asset: Asset): number;
  /** Highest threshold first; a value on a threshold has reached it (as a KPI's level, lib/twin/levels.ts). */
  levels: { above: number; severity: AlertSeverity }[];
  /** Hysteresis: an open alert clears only once the measure falls below this. */
  clearBelow: number;
  /** The condition must hold this long (seconds, observation to observation) before raising. */
  holdSeconds: number;
  describe(asset: Asset, value: number, threshold: number): LocalizedText;
}

/** `{name}`, `{value}` and `{threshold}` of a rule's text filled in. */
function fill(template: string, name: string, value: string, threshold: number): string {
  return template.replaceAll("{name}", name).replaceAll("{value}", value).replaceAll("{threshold}", String(threshold));
}

/** A rule of the registry with its measure and text made callable. */
export function alertRule(domain: Domain, r: AlertRuleSpec): AlertRule {
  const percentOf = r.measure?.percentOf;
  const minOf = r.measure?.minOf ?? Number.MIN_VALUE;
  return {
    id: r.id,
    domain,
    category: r.category,
    assetType: r.assetType as AssetType,
    property: r.property,
    measure:
      percentOf === undefined
        ? (v) => v
        : (v, a) => {
            const of = a.properties[percentOf];
            return typeof of === "number" && of > 0 && of >= minOf ? (100 * v) / of : 0;
          },
    levels: r.levels.map((l) => ({ ...l })),
    clearBelow: r.clearBelow,
    holdSeconds: r.holdSeconds,
    describe: (a, v, th) => ({
      en: fill(r.describe.en, a.name.en, v.toFixed(r.digits), th),
      zh: fill(r.describe.zh, a.name.zh, v.toFixed(r.digits), th),
    }),
  };
}

/** Every alert rule of the registry (domains/<id>/index.ts `alertRules`), domain by domain. */
export const ALERT_RULES: readonly AlertRule[] = DOMAIN_MODULES.flatMap((d) => d.alertRules.map((r: AlertRuleSpec) => alertRule(d.id, r)));

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
  // `>=`: a reading on a KPI's level is in that level (kpiStatus, the map's classes), so it alerts too.
  const level = rule.levels.find((l) => value >= l.above);
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
