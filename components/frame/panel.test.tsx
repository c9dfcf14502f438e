import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { ViewProvider, type ViewSettings } from "@/components/live/view-context";
import { DomainPanel } from "@/components/panels/domain-panel";
import type { KpisResponse } from "@/lib/twin-client/schemas";
import type { KpiValue } from "@/lib/twin/types";
import { KpiExplain } from "./kpi-explain";
import { KpiStat } from "./kpi-stat";
import { PanelErrorBoundary } from "./panel-error-boundary";
import { PanelFrame } from "./panel-frame";

const NOW = Date.parse("2026-07-15T06:05:00Z");
const view: ViewSettings = {
  locale: "en",
  timezone: "Asia/Shanghai",
  city: { id: "shenzhen", name: { en: "Shenzhen", zh: "深圳" } },
  simulated: true,
  renderedAt: NOW,
  twinOffsetMs: 0,
  districts: [],
};

const kpi = (over: Partial<KpiValue> = {}): KpiValue => ({
  definition: {
    id: "energy.load",
    domain: "energy",
    name: { en: "City load", zh: "全市负荷" },
    definition: { en: "Sum of substation load", zh: "变电站负荷之和" },
    formula: "sum(load)",
    unit: { symbol: "MW", code: "MAW" },
    cadenceSeconds: 60,
    better: "lower",
    target: null,
    thresholds: { warning: 22000, critical: 23500 },
    owner: { en: "Grid", zh: "电网" },
    source: { en: "Simulator", zh: "模拟器" },
    public: true,
  },
  value: 23145.2,
  asOf: "2026-07-15T06:05:00Z",
  previous: 22000,
  status: "warning",
  stale: false,
  ...over,
});

const html = (node: React.ReactNode, settings: ViewSettings = view) =>
  renderToStaticMarkup(<ViewProvider value={settings}>{node}</ViewProvider>);

describe("KpiStat", () => {
  it("shows the number with its unit and the change vs yesterday", () => {
    const out = html(<KpiStat kpi={kpi()} locale="en" />);
    expect(out).toContain('data-testid="kpi-energy.load"');
    expect(out).toMatch(/23,145<\/span><span[^>]*>MW<\/span>/);
    // Chinese readers get load in 万千瓦, as the grid bulletins write it.
    expect(html(<KpiStat kpi={kpi()} locale="zh" />)).toMatch(/2314.5<\/span><span[^>]*>万千瓦<\/span>/);
    expect(out).toMatch(/▲ 5.2%<span class="text-muted"> vs yesterday/);
  });
  it("measures the change against the chosen comparison and says which on screen", () => {
    const out = html(<KpiStat kpi={kpi()} locale="zh" comparison={{ previous: 24000, label: "较上周同期" }} />);
    expect(out).toMatch(/▼ 3.6%<span class="text-muted"> 较上周同期/);
    expect(html(<KpiStat kpi={kpi()} locale="en" comparison={{ previous: null, label: "vs last week" }} />)).not.toContain("vs last week");
  });
  it("marks a stale value for screen readers and visually", () => {
    const out = html(<KpiStat kpi={kpi({ stale: true })} locale="zh" />);
    expect(out).toContain('data-stale="true"');
    expect(out).toContain("已过时");
  });
  it("shows a dash, not zero, when there is no value", () => {
    expect(html(<KpiStat kpi={kpi({ value: null })} locale="en" />)).toContain("–");
  });
  it("shows the value's own as-of in city time when given the zone", () => {
    expect(html(<KpiStat kpi={kpi()} locale="en" timezone="Asia/Shanghai" />)).toMatch(/<time dateTime="2026-07-15T06:05:00Z"[^>]*>as of 14:05<\/time>/);
    expect(html(<KpiStat kpi={kpi()} locale="en" />)).not.toContain("<time");
  });
});

describe("KpiExplain", () => {
  it("holds the whole definition: formula, unit with its UN/CEFACT code, thresholds, direction, audience, as-of", () => {
    const out = html(<KpiExplain kpi={kpi()} />);
    expect(out).toContain('data-testid="explain-energy.load"');
    expect(out).toContain('data-testid="kpi-explain-dialog"');
    for (const s of ["Sum of substation load", "sum(load)", "MW (UN/CEFACT MAW)", "22,000", "23,500", "Lower is better", "Public", "Grid", "simulated data", "15 Jul 14:05"]) {
      expect(out).toContain(s);
    }
  });
  it("labels each dialog by its own title, so the strip and a panel may explain the same KPI", () => {
    const out = html(
      <>
        <KpiExplain kpi={kpi()} />
        <KpiExplain kpi={kpi()} />
      </>,
    );
    const ids = [...out.matchAll(/aria-labelledby="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) expect(out).toContain(`id="${id}"`);
  });
});

describe("PanelFrame", () => {
  const frame = (props: Partial<React.ComponentProps<typeof PanelFrame>>) =>
    html(
      <PanelFrame id="energy" title="Energy" hasData loading={false} skeleton={<div>skeleton</div>} {...props}>
        <p>content</p>
      </PanelFrame>,
    );
  it("shows the as-of time in city time", () => {
    const out = frame({ asOf: "2026-07-15T06:05:00Z" });
    expect(out).toContain("as of 14:05");
    expect(out).toContain('data-stale="false"');
  });
  it("turns stale with its age once past the limit", () => {
    const out = frame({ asOf: "2026-07-15T05:50:00Z", staleAfterSeconds: 300 });
    expect(out).toContain('data-stale="true"');
    expect(out).toContain("stale · 15 min");
  });
  it("keeps the last good data beside an error", () => {
    const out = frame({ asOf: "2026-07-15T06:05:00Z", error: new Error("boom") });
    expect(out).toContain("content");
    expect(out).toContain("Showing the last good data.");
  });
  it("takes any id with a test id, and actions in its header", () => {
    const out = frame({ id: "feeders", testId: "dept-panel-feeders", asOf: "2026-07-15T06:05:00Z", actions: <button type="button">CSV</button> });
    expect(out).toContain('data-testid="dept-panel-feeders"');
    expect(out).toContain('data-as-of="2026-07-15T06:05:00Z"');
    expect(out).toMatch(/<header[^]*<button type="button">CSV<\/button>[^]*<\/header>/);
  });
  it("shows the skeleton while loading and the error when nothing ever loaded", () => {
    expect(frame({ hasData: false, loading: true })).toContain("skeleton");
    expect(frame({ hasData: false, error: new Error("x") })).toContain("Could not load this panel.");
  });
});

describe("DomainPanel as-of", () => {
  // The twin's now is 14:05 in Shenzhen (view above); the /kpis answer was fetched at that time,
  // but the health data in it is from 12:05.
  const health = (over: Partial<KpiValue>): KpiValue => {
    const base = kpi(over);
    return { ...base, definition: { ...base.definition, id: over.definition?.id ?? base.definition.id, domain: "health" } };
  };
  const response = (kpis: KpiValue[]): KpisResponse => ({ asOf: "2026-07-15T06:05:00.000Z", kpis }) as KpisResponse;
  const panel = (kpis: KpiValue[]) =>
    html(
      <DomainPanel
        domain="health"
        kpiIds={["health.bedOccupancy", "health.icuOccupancy"]}
        kpis={{ data: response(kpis), isLoading: false, mutate: () => undefined }}
        chart={{ kind: "category", frame: null, title: { en: "Beds", zh: "床位" } }}
        chartLoading={false}
      />,
    );

  it("shows the oldest data time of its KPIs, not the fetch time, and ages the stale mark from it", () => {
    const out = panel([
      health({ definition: { ...kpi().definition, id: "health.bedOccupancy" }, asOf: "2026-07-15T04:05:00Z", stale: true }),
      health({ definition: { ...kpi().definition, id: "health.icuOccupancy" }, asOf: "2026-07-15T04:35:00Z" }),
    ]);
    expect(out).toContain("as of 12:05");
    expect(out).not.toContain("as of 14:05");
    expect(out).toContain('data-stale="true"');
    expect(out).toContain("stale · 2 h");
  });
});

describe("PanelErrorBoundary", () => {
  const boundary = (onRetry = vi.fn()) => {
    let retry: (() => void) | undefined;
    const b = new PanelErrorBoundary({
      fallback: (r) => {
        retry = r;
        return "failed";
      },
      onRetry,
      resetKey: "2026-07-15T06:00:00Z",
      children: "content",
    });
    return { b, onRetry, retry: () => retry?.() };
  };

  it("Retry clears the failure as well as refetching", () => {
    const { b, onRetry, retry } = boundary();
    b.state = { ...b.state, ...PanelErrorBoundary.getDerivedStateFromError() };
    const setState = vi.spyOn(b, "setState").mockImplementation(() => undefined);
    expect(b.render()).toBe("failed");
    retry();
    expect(setState).toHaveBeenCalledWith({ failed: false });
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it("starts afresh when new data arrives (a new as-of)", () => {
    const failed = { failed: true, resetKey: "2026-07-15T06:00:00Z" };
    const props = { fallback: () => "failed", children: "content" };
    expect(PanelErrorBoundary.getDerivedStateFromProps({ ...props, resetKey: "2026-07-15T06:00:00Z" }, failed)).toBeNull();
    expect(PanelErrorBoundary.getDerivedStateFromProps({ ...props, resetKey: "2026-07-15T06:01:00Z" }, failed)).toEqual({
      failed: false,
      resetKey: "2026-07-15T06:01:00Z",
    });
  });
});
