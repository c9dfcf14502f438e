import { describe, expect, it } from "vitest";
import { englishLeftIn } from "@/lib/i18n/english-words";
import { plainMethod } from "@/lib/public/methods";
import { DOMAIN_MODULES } from ".";
import type { DomainModule, KpiSpec } from "./types";

const MODULES: readonly DomainModule[] = DOMAIN_MODULES;

/** The public part of the domain contract: every figure a citizen sees says, in plain words and in both languages, how it is worked out. */
describe("plain methods of published figures (domain public.methods)", () => {
  const published = MODULES.flatMap((m) => m.kpis.filter((k: KpiSpec) => k.public).map((k) => ({ domain: m, kpi: k })));

  it("exist for every public KPI of every domain, in English and in Chinese without English words", () => {
    expect(published.length).toBeGreaterThan(15);
    for (const { domain, kpi } of published) {
      const m = domain.public.methods[kpi.id];
      expect(m, `${kpi.id} has no plain method in domains/${domain.id}/index.ts`).toBeDefined();
      for (const t of m ? [m.method, ...(m.note ? [m.note] : [])] : []) {
        expect(t.en.trim().length, kpi.id).toBeGreaterThan(20);
        expect(t.en, kpi.id).not.toMatch(/[\u4e00-\u9fff]/);
        expect(t.zh, kpi.id).toMatch(/[\u4e00-\u9fff]/);
        expect(englishLeftIn(t.zh), kpi.id).toEqual([]);
      }
      expect(plainMethod(kpi.id)).toBe(m);
    }
  });

  it("are plain words, not the formula, and are given only for the domain's own public KPIs", () => {
    for (const m of MODULES) {
      const own = new Set(m.kpis.filter((k: KpiSpec) => k.public).map((k) => k.id));
      for (const [id, method] of Object.entries(m.public.methods)) {
        expect(own.has(id), `${m.id}: method for ${id}, which is not a public KPI of the domain`).toBe(true);
        const formula = m.kpis.find((k) => k.id === id)?.formulaText ?? "";
        expect(method.method.en).not.toContain(formula);
        expect(method.method.en, id).not.toMatch(/\b(mean|sum|count)\(/);
      }
    }
  });
});
