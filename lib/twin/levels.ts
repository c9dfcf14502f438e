/**
 * The one mapping from a reading's level and an alert's severity to the status every view shows.
 * A value's level comes from the KPI's own thresholds (a value on a threshold is in the worse
 * level); an alert rule on the same reading raises at those levels with the severity
 * `LEVEL_SEVERITY` gives (lib/twin/alerts/rules.test.ts holds the registry to it); an alert's
 * severity reads back as a level through `SEVERITY_LEVEL`. The KPI's status (lib/twin/kpis.ts),
 * an asset's status (the engine), the map's features and the attention list
 * (lib/views/department/map-state.ts) and the choropleth's classes (map-scale.ts) all take it
 * from here, so a hospital at 97 % beds is critical on the map, in the list and in the KPI.
 * Client-safe and pure.
 */
import type { AlertSeverity, AssetStatus, KpiStatus } from "./types";

export type Level = "normal" | "warning" | "critical";

export interface LevelThresholds {
  warning: number | null;
  critical: number | null;
}

/** The severity an alert rule raises when a reading reaches a KPI level. */
export const LEVEL_SEVERITY: Record<Exclude<Level, "normal">, AlertSeverity> = { warning: "major", critical: "critical" };

/** An alert's severity as a level: only a critical alert is critical; info asks for nothing. */
export const SEVERITY_LEVEL: Record<AlertSeverity, Level> = { info: "normal", minor: "warning", major: "warning", critical: "critical" };

const RANK: Record<Level, number> = { normal: 0, warning: 1, critical: 2 };

/** The level of a value against thresholds in the direction `better` gives; null without a value. */
export function levelOf(value: number | null, thresholds: LevelThresholds, better: "higher" | "lower"): Level | null {
  if (value === null || !Number.isFinite(value)) return null;
  const past = (th: number | null) => th !== null && (better === "lower" ? value >= th : value <= th);
  if (past(thresholds.critical)) return "critical";
  if (past(thresholds.warning)) return "warning";
  return "normal";
}

/** The worse of a reading's level and its open alerts' severities (either may be missing). */
export function worstLevel(level: Level | null, severities: readonly AlertSeverity[] = []): Level {
  let out: Level = level ?? "normal";
  for (const s of severities) if (RANK[SEVERITY_LEVEL[s]] > RANK[out]) out = SEVERITY_LEVEL[s];
  return out;
}

/** A level as an asset's status (the map's dots, the attention list). */
export const levelStatus = (level: Level): AssetStatus => level;

/** A level as a KPI's status (its card and the KPI strip); unknown without a value. */
export const levelKpiStatus = (level: Level | null): KpiStatus => (level === null ? "unknown" : level === "normal" ? "ok" : level);

/** An alert's severity as an asset status: the status an open alert gives its asset. */
/** Asset statuses from best to worst: normal, offline, warning, critical. */
export const STATUS_RANK: Record<AssetStatus, number> = { normal: 0, offline: 1, warning: 2, critical: 3 };

/** The worse of an asset's status and another (e.g. its open alerts'); `other` undefined = none. */
export const worseStatus = (own: AssetStatus, other: AssetStatus | undefined): AssetStatus => (other && STATUS_RANK[other] > STATUS_RANK[own] ? other : own);

export const severityStatus = (severity: AlertSeverity): AssetStatus => levelStatus(SEVERITY_LEVEL[severity]);
