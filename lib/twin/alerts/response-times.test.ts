import { describe, expect, it } from "vitest";
import { durationStats, nearestRank, responseTimes } from "./response-times";

describe("response times", () => {
  it("takes the median and 90th percentile by nearest rank", () => {
    expect(nearestRank([], 50)).toBeNull();
    expect(nearestRank([7], 90)).toBe(7);
    const ten = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    expect(nearestRank(ten, 50)).toBe(50);
    expect(nearestRank(ten, 90)).toBe(90);
    expect(durationStats([300, 60, 120])).toEqual({ count: 3, medianSeconds: 120, p90Seconds: 300 });
  });

  it("measures acknowledgement and resolution from each alert's start", () => {
    const start = "2026-07-15T08:00:00.000Z";
    const r = responseTimes([
      { start, end: null, state: "open", acknowledgedAt: null },
      { start, end: null, state: "acknowledged", acknowledgedAt: "2026-07-15T08:02:00.000Z" },
      { start, end: "2026-07-15T09:00:00.000Z", state: "resolved", acknowledgedAt: "2026-07-15T08:10:00.000Z" },
      // Ended while still being looked at: it counts only once resolved.
      { start, end: "2026-07-15T08:30:00.000Z", state: "resolved", acknowledgedAt: null },
    ]);
    expect(r.timeToAcknowledge).toEqual({ count: 2, medianSeconds: 120, p90Seconds: 600 });
    expect(r.timeToResolve).toEqual({ count: 2, medianSeconds: 1800, p90Seconds: 3600 });
  });
});
