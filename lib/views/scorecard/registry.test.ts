import { describe, expect, it } from "vitest";
import { DOMAIN_MODULES, KPI_SPECS } from "@/domains";
import type { DomainModule, ScorecardIndicatorSpec } from "@/domains/types";
import { ALERT_RULE_LEVELS } from "@/lib/views/department/map-scale";

/** The registry's scorecard lists (domains/<id>/index.ts `scorecard`) name real measures with known levels. */
describe("scorecard indicators in the registry", () => {
  const all: { m: DomainModule; s: ScorecardIndicatorSpec }[] = DOMAIN_MODULES.flatMap((m) => m.scorecard.map((s) => ({ m, s })));

  it("gives every domain one or two indicators, each a metric of its own domain", () => {
    for (const m of DOMAIN_MODULES) expect(m.scorecard.length, m.id).toBeGreaterThanOrEqual(1);
    for (const m of DOMAIN_MODULES) expect(m.scorecard.length, m.id).toBeLessThanOrEqual(2);
    for (const { m, s } of all)
      expect(
        m.metrics.map((x) => x.id),
        s.metric,
      ).toContain(s.metric);
  });

  it("colours each by levels it has: its KPI (measuring the same metric, same direction) or the alert rule on the reading", () => {
    for (const { s } of all) {
      if (s.kpi) {
        const kpi = KPI_SPECS.get(s.kpi)?.spec;
        expect(kpi?.compute, s.kpi).toEqual({ metric: s.metric });
        expect(kpi?.better, s.kpi).toBe(s.better);
        expect(kpi?.thresholds.warning ?? kpi?.thresholds.critical ?? null, s.kpi).not.toBeNull();
      } else {
        expect(ALERT_RULE_LEVELS[s.metric], s.metric).toBeDefined();
      }
    }
  });
});
