/**
 * The registry fails loudly: everything a domain names must exist, every datastream must have a
 * generator, every domain must reach the map, the boards, the pages and the packs. A forgotten
 * piece of a new domain is a failing test here, not a blank panel or a made-up value at run time.
 */
import { describe, expect, it } from "vitest";
import { domainLayers } from "@/components/map/layers/domain";
import { DARK_MAP, LIGHT_MAP } from "@/components/map/layers/palette";
import { loadCityPack } from "@/lib/city/pack";
import { boardProblems, BOARDS, PANEL_TIMING } from "@/lib/config/boards";
import { DEPARTMENTS } from "@/lib/config/departments";
import { HEADLINE_KPIS } from "@/lib/views/overview/view";
import { definitionsHash } from "@/lib/twin/definitions";
import { METRIC_INDEX } from "@/lib/twin/metrics";
import { SIM_MODELS } from "@/lib/twin/simulator/simulator";
import { DOMAINS } from "@/lib/twin/types";
import { DOMAIN_MODULES, KPI_SPECS } from ".";
import { DOMAIN_SIMULATORS } from "./server";
import type { AssetTypeSpec, DomainModule, KpiFormula } from "./types";

const modules: readonly DomainModule[] = DOMAIN_MODULES;
const types = new Map(modules.flatMap((m) => m.assetTypes.map((t: AssetTypeSpec) => [t.type, { domain: m.id, spec: t }] as const)));
const streamKeys = new Set([...types.values()].flatMap(({ spec }) => spec.datastreams.map((d) => `${spec.type}:${d.property}`)));
const hasStream = (type: string, property: string) => streamKeys.has(`${type}:${property}`);
const metricIds = new Set(modules.flatMap((m) => m.metrics.map((x) => x.id)));
const formulaMetrics = (f: KpiFormula): string[] =>
  "metric" in f ? [f.metric] : "ratio" in f ? [...f.ratio] : "todayTotal" in f ? [f.todayTotal] : [];

describe("domain registry", () => {
  it("lists unique, lower-case domains whose simulators are registered in the same order", () => {
    expect(new Set(DOMAINS).size).toBe(DOMAINS.length);
    for (const d of DOMAINS) expect(d).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(DOMAIN_SIMULATORS.map((s) => s.id)).toEqual([...DOMAINS]);
  });

  it("gives each asset type one domain, and every datastream a generator model (and no model without a stream)", () => {
    const all = modules.flatMap((m) => m.assetTypes.map((t: AssetTypeSpec) => t.type));
    expect(new Set(all).size).toBe(all.length);
    for (const key of streamKeys) expect(SIM_MODELS.has(key), `no simulator model for ${key}`).toBe(true);
    for (const key of SIM_MODELS.keys()) expect(streamKeys.has(key), `model ${key} has no datastream`).toBe(true);
  });

  it("keeps every domain's models in its own simulator", () => {
    for (const sim of DOMAIN_SIMULATORS) {
      for (const key of Object.keys(sim.models)) expect(types.get(key.split(":")[0] ?? "")?.domain, key).toBe(sim.id);
    }
  });

  it("names only known asset types and streams in metrics, with ids under their domain", () => {
    expect(metricIds.size).toBe(modules.reduce((n, m) => n + m.metrics.length, 0));
    for (const m of modules) {
      for (const x of m.metrics) {
        expect(x.id.startsWith(`${m.id}.`), x.id).toBe(true);
        if (x.kind === "forecast") continue;
        expect(hasStream(x.assetType ?? "", x.property ?? ""), `${x.id} reads ${x.assetType}:${x.property}`).toBe(true);
        if (x.kind === "ratio") expect(x.denominator, x.id).toBeTruthy();
        if (x.kind === "countAbove") expect(x.above, x.id).toBeTypeOf("number");
      }
    }
  });

  it("keeps the rollup index of the shipped metrics (stored rollups keep their meaning)", () => {
    const shipped = [
      "energy.load", "energy.forecast", "energy.solar", "energy.evUtilisation", "energy.feederLoading", "energy.feedersOverloaded",
      "transport.congestion", "transport.speed", "transport.metroEntries", "transport.parkingOccupancy",
      "construction.pm25", "construction.pm10", "construction.noise", "construction.dustExceedances",
      "health.bedOccupancy", "health.icuOccupancy", "health.erWaitMinutes", "health.ambulanceResponse",
    ];
    shipped.forEach((id, i) => expect(METRIC_INDEX.get(id), id).toBe(i));
  });

  it("computes every KPI from known metrics or known asset types, with ids under their domain", () => {
    for (const [id, { domain, spec }] of KPI_SPECS) {
      expect(id.startsWith(`${domain}.`), id).toBe(true);
      for (const metric of formulaMetrics(spec.compute)) expect(metricIds.has(metric), `${id} names ${metric}`).toBe(true);
      if ("staticCount" in spec.compute) expect(types.has(spec.compute.staticCount.type), id).toBe(true);
      expect(spec.thresholds).toBeDefined();
    }
  });

  it("raises alerts only on streams of the rule's own domain", () => {
    for (const m of modules) {
      for (const r of m.alertRules) {
        expect(hasStream(r.assetType, r.property), r.id).toBe(true);
        expect(types.get(r.assetType)?.domain, r.id).toBe(m.id);
        expect(r.levels.length, r.id).toBeGreaterThan(0);
        expect(r.clearBelow, r.id).toBeLessThanOrEqual(Math.min(...r.levels.map((l) => l.above)));
        for (const t of [r.describe.en, r.describe.zh]) expect(t, r.id).toContain("{value}");
      }
    }
  });

  it("builds every department page, overview cell and public dataset from known KPIs, metrics and streams", () => {
    for (const m of modules) {
      const kpis = new Set(m.kpis.map((k) => k.id));
      const ownTypes = new Set(m.assetTypes.map((t: AssetTypeSpec) => t.type));
      for (const k of [...m.page.kpis, ...m.cell.kpis, m.cell.thresholdsKpi]) expect(kpis.has(k), `${m.id}: ${k}`).toBe(true);
      expect(metricIds.has(m.page.choropleth.metric), m.id).toBe(true);
      expect(metricIds.has(m.cell.chart.metric), m.id).toBe(true);
      if (m.cell.chart.kind === "today" && m.cell.chart.overlay) expect(metricIds.has(m.cell.chart.overlay), m.id).toBe(true);
      for (const t of m.page.assetTypes) expect(ownTypes.has(t), `${m.id}: ${t}`).toBe(true);
      for (const p of m.page.panels) {
        const where = `${m.id}/${p.id}`;
        if (p.kind === "trend" || p.kind === "districts") {
          expect(metricIds.has(p.metric), where).toBe(true);
          if (p.kpi) expect(kpis.has(p.kpi), where).toBe(true);
          if (p.kind === "trend" && p.overlay) expect(metricIds.has(p.overlay.metric), where).toBe(true);
        } else {
          expect(types.has(p.type), where).toBe(true);
          if ("property" in p) expect(hasStream(p.type, p.property), where).toBe(true);
        }
      }
      for (const l of m.public.levels) {
        expect(metricIds.has(l.metric), l.id).toBe(true);
        expect(ownTypes.has(l.assetType), l.id).toBe(true);
      }
      for (const h of m.public.hourly) expect(metricIds.has(h.metric), h.id).toBe(true);
    }
  });

  it("gives every domain a department page, headline KPIs, a colour, map layers and a valid board", () => {
    for (const d of DOMAINS) {
      expect(DEPARTMENTS[d]?.domain).toBe(d);
      expect(HEADLINE_KPIS[d]?.length).toBeGreaterThan(0);
      for (const p of [DARK_MAP, LIGHT_MAP]) expect(p.domain[d]).toMatch(/^#[0-9a-f]{6}$/i);
      expect(domainLayers(d, DARK_MAP).layers.length).toBeGreaterThan(0);
      expect(PANEL_TIMING[d]).toBeDefined();
      const board = BOARDS.find((b) => b.id === d);
      expect(board, d).toBeDefined();
      expect(BOARDS.find((b) => b.id === "city")?.panels.some((p) => p.kind === d), d).toBe(true);
    }
    for (const b of BOARDS) expect(boardProblems(b)).toEqual([]);
  });

  it.each(["shenzhen", "demo-harbour"])("is complete in the %s pack: a count for every asset type, every KPI defined", (city) => {
    const pack = loadCityPack(city);
    for (const type of types.keys()) expect(pack.inventory.counts[type], `${city} has no count of ${type}`).toBeTypeOf("number");
    expect(pack.kpis.map((k) => k.id).sort()).toEqual([...KPI_SPECS.keys()].sort());
  });

  it("hashes what stored rows mean by content: a change to a metric or a stream changes the hash, KPI texts and levels do not", () => {
    const base = definitionsHash(modules);
    expect(definitionsHash(modules)).toBe(base);
    const [first, ...rest] = modules;
    const changed = (m: Partial<DomainModule>) => definitionsHash([{ ...first!, ...m }, ...rest]);
    expect(changed({ metrics: first!.metrics.map((x, i) => (i === 0 ? { ...x, cadenceSeconds: x.cadenceSeconds + 1 } : x)) })).not.toBe(base);
    const stream0 = first!.assetTypes[0]!;
    const unitChanged = { ...stream0, datastreams: stream0.datastreams.map((d, i) => (i === 0 ? { ...d, unit: { symbol: "kW", code: "KWT" } } : d)) };
    expect(changed({ assetTypes: [unitChanged, ...first!.assetTypes.slice(1)] })).not.toBe(base);
    // KPIs are read from the pack on every start (a renamed KPI or a moved level rebuilds nothing).
    expect(changed({ kpis: first!.kpis.map((k, i) => (i === 0 ? { ...k, better: k.better === "lower" ? "higher" : "lower" } : k)) })).toBe(base);
    expect(changed({ metrics: [...first!.metrics].reverse() })).not.toBe(base);
    // Colours and page layout do not change what stored data means.
    expect(changed({ colour: { dark: "#000000", light: "#ffffff" } })).toBe(base);
  });
});
