"use client";
/** The department view as the query builders take it, and the KPIs of the view (one shared key). */
import { useDepartmentView } from "@/components/department/department-view";
import { kpisQuery, type ViewInput } from "@/lib/views/department/queries";
import { useKpis } from "@/lib/twin-client/hooks";
import type { KpiValue } from "@/lib/twin/types";

export function useViewInput(): ViewInput {
  const { state, window, compare, cursor } = useDepartmentView();
  return { state, window, compare, cursor };
}

/** The department's KPI values for the view, by id (the strip and panels share the request). */
export function useViewKpi(id: string | undefined): KpiValue | undefined {
  const v = useViewInput();
  const { department } = useDepartmentView();
  const { data } = useKpis(kpisQuery(department.domain, v));
  return id ? (data?.kpis.find((k) => k.definition.id === id) as KpiValue | undefined) : undefined;
}
