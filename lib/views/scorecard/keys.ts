/** The SWR key (and URL) of the scorecard: the server seeds `fallback` under the same string. Client-safe. */
export function scorecardKey(q: { at?: Date } = {}): string {
  return q.at ? `/api/twin/v1/scorecard?at=${encodeURIComponent(q.at.toISOString())}` : "/api/twin/v1/scorecard";
}
