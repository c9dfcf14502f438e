/**
 * Which notifications an alarm event makes (pure, so routing and escalation are unit-tested):
 * every rule whose filters the alarm passes (domain, severity, alert rule, district; an empty
 * filter passes everything) sends it to the rule's channels, once per channel per severity (a
 * channel named by two rules gets one message); a critical alarm also schedules, per rule with
 * escalation, one `unacknowledged` notification to the escalation channels N minutes on, which
 * the dispatcher cancels if someone acknowledges the alarm first. Retry delays: exponential
 * backoff with jitter.
 */
import type { Alert } from "@/lib/twin/types";
import type { NotifyPayload } from "./message";
import type { OutboxItem } from "./port";
import type { RuleRecord } from "./schemas";

/** An alarm is notified while it is open: operators' later actions and its end are not news. */
export const isNotifiable = (a: Pick<Alert, "state" | "end">) => a.state === "open" && a.end === null;

export function ruleMatches(rule: RuleRecord, a: Pick<Alert, "domain" | "severity" | "subCategory" | "district">): boolean {
  const passes = <T>(filter: readonly T[], v: T) => filter.length === 0 || filter.includes(v);
  return passes(rule.domains, a.domain) && passes(rule.severities, a.severity) && passes(rule.alertRules, a.subCategory) && passes(rule.districts, a.district);
}

/** The outbox rows for one alarm event at `now`. `payload` renders the message for a kind. */
export function planNotifications(
  a: Pick<Alert, "id" | "domain" | "severity" | "subCategory" | "district" | "state" | "end">,
  rules: readonly RuleRecord[],
  payload: (kind: "raised" | "unacknowledged", minutes?: number) => NotifyPayload,
  now: number,
): OutboxItem[] {
  if (!isNotifiable(a)) return [];
  const out: OutboxItem[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    if (!ruleMatches(rule, a)) continue;
    for (const channelId of rule.channels) {
      const dedup = `${a.id}|${a.severity}|${channelId}`;
      if (seen.has(dedup)) continue;
      seen.add(dedup);
      out.push({ dedup, channelId, ruleId: rule.id, kind: "raised", alertId: a.id, payload: payload("raised"), dueAt: now });
    }
    if (a.severity === "critical" && rule.escalateAfterMinutes !== null) {
      const minutes = rule.escalateAfterMinutes;
      for (const channelId of rule.escalationChannels) {
        out.push({
          dedup: `${a.id}|unacknowledged|${rule.id}|${channelId}`,
          channelId,
          ruleId: rule.id,
          kind: "unacknowledged",
          alertId: a.id,
          payload: payload("unacknowledged", minutes),
          dueAt: now + minutes * 60_000,
        });
      }
    }
  }
  return out;
}

export interface RetryPolicy {
  /** Attempts before a delivery is given up as failed. */
  maxAttempts: number;
  /** Delay before the second attempt (ms); each later one doubles, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 30_000, maxDelayMs: 60 * 60_000 };

/**
 * Delay after failed attempt number `attempt` (1-based): base·2^(attempt-1), capped, with "equal
 * jitter" (half fixed, half random) so many deliveries failing together do not retry in step.
 */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}
