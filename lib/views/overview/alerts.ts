/** Ordering and labels for the active-alert list. Pure and tested. */
import { assetTypeSpec } from "@/domains";
import { pick, type Locale } from "@/lib/i18n/locale";
import { ALERT_SEVERITIES, type AlertSeverity, type Domain } from "@/lib/twin/types";

const RANK = Object.fromEntries(ALERT_SEVERITIES.map((s, i) => [s, i])) as Record<AlertSeverity, number>;

/**
 * Most severe first, then those nobody has acknowledged yet, then newest first: what an operator
 * should look at next is on top.
 */
export function sortAlerts<T extends { severity: AlertSeverity; start: string; acknowledgedBy?: string | null }>(alerts: readonly T[]): T[] {
  const acked = (a: T) => (a.acknowledgedBy ? 1 : 0);
  return [...alerts].sort((a, b) => RANK[b.severity] - RANK[a.severity] || acked(a) - acked(b) || Date.parse(b.start) - Date.parse(a.start));
}

/** Counts per severity, for the summary line beside the count badge. */
export function countBySeverity(alerts: readonly { severity: AlertSeverity }[]): Record<AlertSeverity, number> {
  const out = { info: 0, minor: 0, major: 0, critical: 0 };
  for (const a of alerts) out[a.severity] += 1;
  return out;
}

/**
 * A readable handle for an asset id: `urn:ngsi-ld:Substation:shenzhen:017` → `Substation 017`, or
 * on a Chinese page the type's Chinese name from the registry (`变电站 017`).
 */
export function assetLabel(id: string, locale: Locale = "en"): string {
  const m = /^urn:ngsi-ld:([^:]+):[^:]+:(.+)$/.exec(id);
  if (!m) return id;
  const label = assetTypeSpec(m[1]!)?.spec.label;
  return `${label ? pick(label, locale) : m[1]} ${m[2]}`;
}

/**
 * One domain's features of a collection (all when `domain` is absent), and whether that list is
 * known to be complete (the answer held every match). A wall's boards filter the one active-alert
 * list rather than ask for their own: a list kept across a board change never shows the previous
 * board's alerts, and every board is as live as the list.
 */
export function ofDomain<F extends { properties: { domain: Domain } }, C extends { features: F[]; total: number }>(
  fc: C,
  domain: Domain | undefined,
): C & { complete: boolean } {
  const complete = fc.total <= fc.features.length;
  if (!domain) return { ...fc, complete };
  const features = fc.features.filter((f) => f.properties.domain === domain);
  return { ...fc, features, total: features.length, complete };
}

/** The one severity vocabulary (lib/i18n/severity.ts). */
export { SEVERITY_NAME } from "@/lib/i18n/severity";

type SummaryAlert = { id: string; severity: AlertSeverity; start: string; state: string; acknowledgedBy: string | null };

/** What a wall's alarm strip says about the whole city's active alarms. */
export interface AlarmSummary<A extends SummaryAlert = SummaryAlert> {
  counts: Record<AlertSeverity, number>;
  /** Still waiting for someone (state "open", nobody acknowledged it). */
  unacknowledged: number;
  acknowledged: number;
  /** The most recent critical alarm, if any. */
  newestCritical: A | null;
  /** The counts cover every active alarm (false: the list was cut at its limit, counts are lower bounds). */
  complete: boolean;
}

export function alarmSummary<A extends SummaryAlert>(alerts: readonly A[], total: number): AlarmSummary<A> {
  let unacknowledged = 0;
  let newestCritical: A | null = null;
  for (const a of alerts) {
    if (a.state === "open" && !a.acknowledgedBy) unacknowledged++;
    if (a.severity === "critical" && (!newestCritical || Date.parse(a.start) > Date.parse(newestCritical.start))) newestCritical = a;
  }
  return {
    counts: countBySeverity(alerts),
    unacknowledged,
    acknowledged: alerts.length - unacknowledged,
    newestCritical,
    complete: total <= alerts.length,
  };
}

/**
 * Ids of critical alarms in `next` that were not in `seen` (what makes a wall flash and sound).
 * `seen` null means nothing was known yet: the alarms open at start-up are not news.
 */
export function newCriticalIds(seen: ReadonlySet<string> | null, next: readonly SummaryAlert[]): string[] {
  if (seen === null) return [];
  return next.filter((a) => a.severity === "critical" && !seen.has(a.id)).map((a) => a.id);
}
