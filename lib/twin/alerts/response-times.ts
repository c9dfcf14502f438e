/**
 * Response times of a set of alerts: how long from an alert's start until someone acknowledged
 * it, and until it ended (resolved by an operator or cleared). Pure; the API's
 * `GET /alerts/stats` and the history page show them.
 */
import type { Alert } from "../types";

export interface DurationStats {
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

/**
 * The `p`-th percentile (0 < p ≤ 100) of sorted values by the nearest-rank method: always one
 * of the values (a duration that happened), the median of an even count the lower middle one.
 */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

export function durationStats(seconds: readonly number[]): DurationStats {
  const sorted = [...seconds].sort((a, b) => a - b);
  return { count: sorted.length, medianSeconds: nearestRank(sorted, 50), p90Seconds: nearestRank(sorted, 90) };
}

const secondsBetween = (from: string, to: string) => Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000);

type Timed = Pick<Alert, "start" | "end" | "state" | "acknowledgedAt">;

/** Time to acknowledge (acknowledged alerts) and time to resolve (resolved alerts) of a set. */
export function responseTimes(alerts: readonly Timed[]): { timeToAcknowledge: DurationStats; timeToResolve: DurationStats } {
  const ack: number[] = [];
  const resolve: number[] = [];
  for (const a of alerts) {
    if (a.acknowledgedAt) ack.push(secondsBetween(a.start, a.acknowledgedAt));
    if (a.state === "resolved" && a.end) resolve.push(secondsBetween(a.start, a.end));
  }
  return { timeToAcknowledge: durationStats(ack), timeToResolve: durationStats(resolve) };
}
