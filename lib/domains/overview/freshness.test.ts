import { describe, expect, it } from "vitest";
import { newestDataAsOf, panelFreshness } from "./freshness";

const k = (asOf: string, over: { stale?: boolean; value?: number | null } = {}) => ({
  asOf,
  stale: over.stale ?? false,
  value: over.value === undefined ? 1 : over.value,
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
    expect(panelFreshness([])).toEqual({ asOf: undefined, stale: false });
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
