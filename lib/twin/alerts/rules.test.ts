import { describe, expect, it } from "vitest";
import { DOMAIN_MODULES, KPI_SPECS } from "@/domains";
import type { AlertRuleSpec, MetricSpec } from "@/domains/types";
import { LEVEL_SEVERITY } from "../levels";
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
    expect(stepRule(r, s, 600, 3.1)).toMatchObject({ kind: "raise", severity: "critical", start: 0 });
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
    // 96 % is past the KPI's critical level (95 %): the alert is critical, as the KPI would be.
    expect(stepRule(r, s, 0, r.measure(192, asset))).toMatchObject({ kind: "raise", severity: "critical" });
    // A reading on the level has reached it (kpiStatus and the map's classes say so too).
    expect(stepRule(r, fresh(), 0, 95)).toMatchObject({ kind: "raise", severity: "critical" });
  });

  it("raises a full intensive-care unit after half an hour, but not for units of a few beds", () => {
    const r = rule("icuOccupancy");
    const unit = (icuBeds: number) => ({ properties: { icuBeds } }) as unknown as Parameters<typeof r.measure>[1];
    const s = fresh();
    expect(stepRule(r, s, 0, r.measure(40, unit(40)))).toBeNull();
    expect(stepRule(r, s, 1800, r.measure(40, unit(40)))).toMatchObject({ kind: "raise", severity: "critical", start: 0 });
    // A 3-bed unit is full by its size alone: judging it by percent would alarm all day.
    expect(r.measure(3, unit(3))).toBe(0);
  });

  it("raises at its KPI's levels with the severity each level has, for every rule on a KPI's reading", () => {
    // An asset's reading compares with its KPI's levels where the KPI is a mean or a ratio of the
    // readings; a city total (vessels waiting in all terminals) has levels of its own scale.
    const metrics = DOMAIN_MODULES.flatMap((d): readonly MetricSpec[] => d.metrics).filter((m) => m.kind === "avg" || m.kind === "ratio");
    const specs = DOMAIN_MODULES.flatMap((d): readonly AlertRuleSpec[] => d.alertRules);
    const linked = ALERT_RULES.flatMap((r) => {
      const spec = specs.find((x) => x.id === r.id)!;
      const m = metrics.find(
        (x) => x.assetType === r.assetType && x.property === r.property && (x.denominator ?? undefined) === spec.measure?.percentOf,
      );
      const kpi = [...KPI_SPECS.values()].find((k) => m && "metric" in k.spec.compute && k.spec.compute.metric === m.id);
      return kpi ? [{ rule: r, kpi: kpi.spec }] : [];
    });
    expect(linked.map((l) => l.rule.id)).toEqual(expect.arrayContaining(["bedOccupancy", "icuOccupancy"]));
    for (const { rule: r, kpi } of linked) {
      for (const l of r.levels) {
        const level = (["critical", "warning"] as const).find((k) => kpi.thresholds[k] === l.above);
        expect(level, `${r.id} raises at ${l.above}, not one of ${kpi.id}'s levels`).toBeDefined();
        expect(l.severity, r.id).toBe(LEVEL_SEVERITY[level!]);
      }
    }
  });

  it("grades dust by PM10: minor above 150, major above 250", () => {
    const r = rule("dustExceedance");
    expect(stepRule(r, fresh(), 0, 160)).toMatchObject({ severity: "minor" });
    expect(stepRule(r, fresh(), 0, 260)).toMatchObject({ severity: "major" });
  });
});
