/**
 * The department pages as data, from the domain registry (`page` of domains/<id>/index.ts): which
 * KPIs head each page, which measure colours the district choropleth, which assets the map shows,
 * and the panels a head of that department asks for. Pages, panels and tests read this one
 * definition; a panel kind is rendered by one component in `components/panels/department/`.
 * Client-safe.
 */
import { byDomain } from "@/domains";
import type {
  BreakdownPanelSpec,
  DepartmentPanelSpec,
  DepartmentSpec,
  DistributionPanelSpec,
  GroupPanelSpec,
  RankPanelSpec,
  SchedulePanelSpec,
} from "@/domains/types";
import type { AssetType, Domain, LocalizedText } from "@/lib/twin/types";

export type { DistrictsPanelSpec as DistrictsPanel, TrendPanelSpec as TrendPanel } from "@/domains/types";
export type RankPanel = RankPanelSpec<AssetType>;
export type DistributionPanel = DistributionPanelSpec<AssetType>;
export type GroupPanel = GroupPanelSpec<AssetType>;
export type BreakdownPanel = BreakdownPanelSpec<AssetType>;
export type SchedulePanel = SchedulePanelSpec<AssetType>;
export type DepartmentPanel = DepartmentPanelSpec<AssetType>;

export interface Department extends DepartmentSpec<AssetType> {
  domain: Domain;
  /** The page title: the department's name. */
  title: LocalizedText;
}

export const DEPARTMENTS: Record<Domain, Department> = byDomain((m): Department => ({ domain: m.id, title: m.department, ...m.page }));

export function isDepartment(id: string): id is Domain {
  return Object.prototype.hasOwnProperty.call(DEPARTMENTS, id);
}
