/** Threshold and target lines of a KPI definition, as marks for the department charts. */
import type { KpiValue, LocalizedText } from "@/lib/twin/types";

export type Mark = { value: number; label: LocalizedText; level: "warning" | "critical" | "target" };

export function kpiMarks(kpi: KpiValue | undefined): Mark[] {
  if (!kpi) return [];
  const { warning, critical } = kpi.definition.thresholds;
  const out: Mark[] = [];
  if (warning !== null) out.push({ value: warning, level: "warning", label: { en: "Warning", zh: "预警" } });
  if (critical !== null) out.push({ value: critical, level: "critical", label: { en: "Critical", zh: "严重" } });
  return out;
}
