/**
 * The KPI definitions a pack carries: every KPI of the domain registry (domains/<id>/index.ts),
 * with the city's parameters filled in. Text and formulas are shared; owners are per city, and a
 * city may set its own target and thresholds, because a 22 GW warning means nothing for a town of
 * 200,000.
 */
import { KPI_SPECS } from "@/domains";
import type { Domain, KpiDefinition, LocalizedText } from "@/lib/twin/types";

export interface KpiCityParams {
  cityName: LocalizedText;
  /** Owner organisations per domain, each marked "(simulated)". */
  owners: Record<Domain, LocalizedText>;
  /** Per KPI id: the city's target and thresholds where the registry's do not fit. */
  overrides?: Record<string, Partial<Pick<KpiDefinition, "target" | "thresholds">>>;
}

const SOURCE: LocalizedText = { en: "TwinOps embedded simulator", zh: "TwinOps 内置模拟器" };

export function kpiDefinitions(p: KpiCityParams): KpiDefinition[] {
  for (const id of Object.keys(p.overrides ?? {})) if (!KPI_SPECS.has(id)) throw new Error(`override of unknown KPI "${id}"`);
  return [...KPI_SPECS.values()].map(({ domain, spec: k }) => ({
    id: k.id,
    domain,
    name: k.name,
    definition: { en: k.definition.en.replaceAll("{city}", p.cityName.en), zh: k.definition.zh.replaceAll("{city}", p.cityName.zh) },
    formula: k.formulaText,
    unit: k.unit,
    cadenceSeconds: k.cadenceSeconds,
    better: k.better,
    target: k.target,
    thresholds: k.thresholds,
    ...p.overrides?.[k.id],
    owner: p.owners[domain],
    public: k.public,
    source: SOURCE,
  }));
}
