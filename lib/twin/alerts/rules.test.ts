import { describe, expect, it } from "vitest";
import { ALERT_RULES, stepRule, type RuleState } from "./rules";

const rule = (id: string) => {
  const r = ALERT_RULES.find((x) => x.id === id);
  if (!r) throw new Error(id);
  return r;
};
const fresh = (): RuleState => ({ runStart: null, open: null });

describe("alert rules", () => {
  it("raises a feeder overload above 90 %, escalates above 100 %, clears only below 85 %", () => {
    const r = rule("feederOverload");
    const s = fresh();
    expect(stepRule(r, s, 0, 89)).toBeNull();
    expect(stepRule(r, s, 300, 92)).toMatchObject({ kind: "raise", severity: "major", threshold: 90, start: 300 });
    expect(s.open).toMatchObject({ severity: "major", start: 300 });
    expect(stepRule(r, s, 600, 101)).toMatchObject({ kind: "escalate", severity: "critical", threshold: 100 });
    // Hysteresis: dropping under 90 but above 85 keeps the alert open.
    expect(stepRule(r, s, 900, 88)).toBeNull();
    expect(stepRule(r, s, 1200, 84)).toEqual({ kind: "clear", end: 1200 });
    expect(s.open).toBeNull();
  });

  it("raises congestion only after 15 minutes above 3.0, dated from the first reading", () => {
    const r = rule("congestion");
    const s = fresh();
    expect(stepRule(r, s, 0, 3.2)).toBeNull();
    expect(stepRule(r, s, 300, 3.3)).toBeNull();
    expect(stepRule(r, s, 600, 3.1)).toMatchObject({ kind: "raise", severity: "major", start: 0 });
  });

  it("does not raise congestion for a short spike", () => {
    const r = rule("congestion");
    const s = fresh();
    stepRule(r, s, 0, 3.5);
    stepRule(r, s, 300, 3.5);
    expect(stepRule(r, s, 600, 2.5)).toBeNull();
    expect(stepRule(r, s, 900, 3.5)).toBeNull();
  });

  it("measures bed occupancy as a percent of the hospital's beds", () => {
    const r = rule("bedOccupancy");
    const asset = { properties: { beds: 200 } } as unknown as Parameters<typeof r.measure>[1];
    expect(r.measure(192, asset)).toBe(96);
    const s = fresh();
    expect(stepRule(r, s, 0, r.measure(192, asset))).toMatchObject({ kind: "raise", severity: "major" });
  });

  it("grades dust by PM10: minor above 150, major above 250", () => {
    const r = rule("dustExceedance");
    expect(stepRule(r, fresh(), 0, 160)).toMatchObject({ severity: "minor" });
    expect(stepRule(r, fresh(), 0, 260)).toMatchObject({ severity: "major" });
  });
});
