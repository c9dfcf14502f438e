"use client";
/**
 * A chart's threshold lines from its KPI, kept as the same array while the KPI's warning and
 * critical levels stay the same: the KPI's value changes every minute, and threshold lines rebuilt
 * from it each time would redraw the chart on every KPI refresh with nothing new to draw.
 */
import { useMemo } from "react";
import { kpiThresholds } from "@/lib/views/overview/view";
import type { KpiValue } from "@/lib/twin/types";

export function useKpiThresholds(kpi: KpiValue | undefined) {
  const has = kpi !== undefined;
  const warning = kpi?.definition.thresholds.warning ?? null;
  const critical = kpi?.definition.thresholds.critical ?? null;
  return useMemo(() => (has ? kpiThresholds({ definition: { thresholds: { warning, critical } } }) : []), [has, warning, critical]);
}
