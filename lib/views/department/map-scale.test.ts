import { describe, expect, it } from "vitest";
import { ALERT_RULES } from "@/lib/twin/alerts/rules";
import { kpiStatus } from "@/lib/twin/kpis";
import type { KpiDefinition } from "@/lib/twin/types";
import { ALERT_RULE_LEVELS, LEVEL_COLOURS, SEQUENTIAL_5, choroplethScale, classIndex, legendClasses } from "./map-scale";

const bed = choroplethScale({ metric: "health.bedOccupancy", unit: "%", better: "lower", thresholds: { warning: 90, critical: 95 } });
const feeder = choroplethScale({ metric: "energy.feederLoading", unit: "%", better: "lower", thresholds: null });
const congestion = choroplethScale({ metric: "transport.congestion", unit: "", better: "lower", thresholds: { warning: 2, critical: 3 } });
const colour = (s: typeof bed, v: number | null) => (s && classIndex(s, v) >= 0 ? s.classes[classIndex(s, v)]?.colour : "none");

describe("choropleth scale", () => {
  it("does not stretch a narrow range: 31.3–32.8 % feeder loading is all normal, one colour", () => {
    expect(feeder?.kind).toBe("levels");
    const colours = new Set([31.3, 31.9, 32.8].map((v) => colour(feeder, v)));
    expect([...colours]).toEqual([LEVEL_COLOURS.normal]);
    // and congestion 1.31–1.32 does not span the ramp either
    expect(new Set([1.31, 1.32].map((v) => colour(congestion, v))).size).toBe(1);
  });

  it("paints the KPI's own levels, a value on a threshold in the worse class as the KPI status has it", () => {
    const def = { better: "lower", thresholds: { warning: 90, critical: 95 } } as KpiDefinition;
    const level = { ok: "normal", warning: "warning", critical: "critical", unknown: "none" } as const;
    for (const v of [12, 89.9, 90, 94.99, 95, 96.8, 120]) {
      const c = bed ? bed.classes[classIndex(bed, v)]?.level : undefined;
      expect(c, `value ${v}`).toBe(level[kpiStatus(def, v)]);
    }
    expect(bed && classIndex(bed, null)).toBe(-1);
  });

  it("agrees with the KPI status when higher is better", () => {
    const def = { better: "higher", thresholds: { warning: 25, critical: 15 } } as KpiDefinition;
    const speed = choroplethScale({ metric: "transport.speed", unit: "km/h", better: "higher", thresholds: def.thresholds });
    const level = { ok: "normal", warning: "warning", critical: "critical", unknown: "none" } as const;
    for (const v of [5, 15, 15.1, 25, 25.1, 60]) expect(speed?.classes[classIndex(speed, v)]?.level, `value ${v}`).toBe(level[kpiStatus(def, v)]);
    // The legend reads good first.
    expect(speed && legendClasses(speed).map((c) => c.level)).toEqual(["normal", "warning", "critical"]);
  });

  it("is sequential: colours only darken from normal to critical, and the legend depends on the measure alone", () => {
    expect(bed && legendClasses(bed).map((c) => [c.colour, c.from, c.to])).toEqual([
      [LEVEL_COLOURS.normal, null, 90],
      [LEVEL_COLOURS.warning, 90, 95],
      [LEVEL_COLOURS.critical, 95, null],
    ]);
    const lum = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
    };
    const ls = [LEVEL_COLOURS.normal, LEVEL_COLOURS.warning, LEVEL_COLOURS.critical].map(lum);
    expect(ls[0]).toBeGreaterThan(ls[1] ?? 0);
    expect(ls[1]).toBeGreaterThan(ls[2] ?? 0);
    const seq = SEQUENTIAL_5.map(lum);
    for (let i = 1; i < seq.length; i++) expect(seq[i]).toBeLessThan(seq[i - 1] ?? 0);
  });

  it("falls back to a fixed 0–100 % domain, and to no colouring rather than an invented range", () => {
    const share = choroplethScale({ metric: "x.share", unit: "%", better: "higher" });
    expect(share?.kind).toBe("fixed");
    expect(share && [0, 19.9, 20, 99, 100].map((v) => classIndex(share, v))).toEqual([0, 0, 1, 4, 4]);
    // higher is better: the top class is the calm one
    expect(share?.classes[4]?.colour).toBe(SEQUENTIAL_5[0]);
    expect(choroplethScale({ metric: "x.count", unit: "", better: "lower" })).toBeNull();
  });

  it("takes the alert rule's levels for measures without a KPI, equal to the rules themselves", () => {
    for (const { rule, thresholds } of Object.values(ALERT_RULE_LEVELS)) {
      const r = ALERT_RULES.find((x) => x.id === rule);
      expect(r, rule).toBeDefined();
      const above = (r?.levels ?? []).map((l) => l.above).sort((a, b) => a - b);
      expect([thresholds.warning, thresholds.critical]).toEqual([above[0], above[1] ?? null]);
    }
  });
});
