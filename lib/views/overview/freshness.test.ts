import { describe, expect, it } from "vitest";
import { newestDataAsOf, panelFreshness } from "./freshness";

const k = (asOf: string, over: { stale?: boolean; value?: number | null; cadence?: number } = {}) => ({
  asOf,
  stale: over.stale ?? false,
  value: over.value === undefined ? 1 : over.value,
  definition: { cadenceSeconds: over.cadence ?? 300 },
});

describe("panelFreshness", () => {
  it("takes the OLDEST KPI time: a panel is only as current as its slowest figure", () => {
    const f = panelFreshness([k("2026-07-15T06:00:00Z"), k("2026-07-15T05:45:00Z"), k("2026-07-15T06:12:00Z")]);
    expect(f.asOf).toBe("2026-07-15T05:45:00Z");
    expect(f.stale).toBe(false);
  });
  it("is stale when any shown KPI is", () => {
    expect(panelFreshness([k("2026-07-15T06:00:00Z"), k("2026-07-15T06:00:00Z", { stale: true })]).stale).toBe(true);
  });
  it("has no time when nothing is shown", () => {
    expect(panelFreshness([])).toEqual({ asOf: undefined, stale: false, staleAfterSeconds: undefined });
  });
  it("turns stale when the first KPI passes its own limit, measured from the oldest time", () => {
    // City load every 5 s (stale after 15 s) beside EV utilisation every 5 min (after 15 min),
    // the slow one 4 min older: the panel's age limit is 4 min + 15 s, not 15 s and not 15 min.
    const f = panelFreshness([k("2026-07-15T06:04:00Z", { cadence: 5 }), k("2026-07-15T06:00:00Z", { cadence: 300 })]);
    expect(f.asOf).toBe("2026-07-15T06:00:00Z");
    expect(f.staleAfterSeconds).toBe(255);
  });
});

describe("newestDataAsOf", () => {
  it("takes the newest data time of KPIs and stream events", () => {
    expect(newestDataAsOf([k("2026-07-15T06:00:00Z")], ["2026-07-15T06:01:00Z", null])).toBe("2026-07-15T06:01:00Z");
    expect(newestDataAsOf([k("2026-07-15T06:02:00Z")], [null])).toBe("2026-07-15T06:02:00Z");
  });
  it("skips KPIs without a value: the twin stamps those with the fetch time", () => {
    const frozen = [k("2026-07-15T06:00:00Z"), k("2026-07-15T08:30:00Z", { value: null, stale: true })];
    expect(newestDataAsOf(frozen, [])).toBe("2026-07-15T06:00:00Z");
  });
  it("is undefined when there is no data at all", () => {
    expect(newestDataAsOf([], [null, undefined])).toBeUndefined();
  });
});
