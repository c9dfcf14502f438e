import { describe, expect, it } from "vitest";
import { computeKpis, kpiStatus, type KpiContext } from "./kpis";
import { FIXTURE_KPIS } from "./testing/fixture";

const def = (id: string) => FIXTURE_KPIS.find((k) => k.id === id)!;

describe("kpiStatus", () => {
  it("grades lower-is-better KPIs upward", () => {
    const load = def("energy.load"); // warning 22000, critical 24000
    expect(kpiStatus(load, 21000)).toBe("ok");
    expect(kpiStatus(load, 22000)).toBe("warning");
    expect(kpiStatus(load, 24500)).toBe("critical");
  });

  it("grades higher-is-better KPIs downward", () => {
    const d = { ...def("transport.avgSpeed"), thresholds: { warning: 30, critical: 20 } };
    expect(kpiStatus(d, 40)).toBe("ok");
    expect(kpiStatus(d, 25)).toBe("warning");
    expect(kpiStatus(d, 15)).toBe("critical");
  });

  it("is unknown without a value and ok without thresholds", () => {
    expect(kpiStatus(def("energy.load"), null)).toBe("unknown");
    expect(kpiStatus(def("energy.renewableShare"), 3)).toBe("ok");
  });
});

describe("computeKpis", () => {
  it("refuses a KPI definition the registry has no formula for, instead of leaving it out", () => {
    const ctx: KpiContext = { store: { rollupAt: () => undefined, rollupTotal: () => ({ total: null, newest: null }) }, timezone: "Asia/Shanghai", staticCounts: {} };
    expect(computeKpis(ctx, [def("energy.load")], undefined, 1_784_000_000)).toHaveLength(1);
    expect(() => computeKpis(ctx, [{ ...def("energy.load"), id: "energy.unknownFigure" }], undefined, 1_784_000_000)).toThrow(/no formula/);
  });
});
