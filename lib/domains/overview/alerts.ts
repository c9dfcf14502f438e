/** Ordering and labels for the active-alert list. Pure and tested. */
import { ALERT_SEVERITIES, type AlertSeverity, type Domain } from "@/lib/twin/types";

const RANK = Object.fromEntries(ALERT_SEVERITIES.map((s, i) => [s, i])) as Record<AlertSeverity, number>;

/** Most severe first, then newest first: what an operator should look at next is on top. */
export function sortAlerts<T extends { severity: AlertSeverity; start: string }>(alerts: readonly T[]): T[] {
  return [...alerts].sort((a, b) => RANK[b.severity] - RANK[a.severity] || Date.parse(b.start) - Date.parse(a.start));
}

/** Counts per severity, for the summary line beside the count badge. */
export function countBySeverity(alerts: readonly { severity: AlertSeverity }[]): Record<AlertSeverity, number> {
  const out = { info: 0, minor: 0, major: 0, critical: 0 };
  for (const a of alerts) out[a.severity] += 1;
  return out;
}

/** A readable handle for an asset id: `urn:ngsi-ld:Substation:shenzhen:017` → `Substation 017`. */
export function assetLabel(id: string): string {
  const m = /^urn:ngsi-ld:([^:]+):[^:]+:(.+)$/.exec(id);
  return m ? `${m[1]} ${m[2]}` : id;
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
