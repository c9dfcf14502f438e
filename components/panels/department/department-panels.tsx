"use client";
/**
 * The panel grid of a department page, rendered from its config (lib/config/departments.ts):
 * one component per panel kind, each in its own error boundary (inside PanelFrame).
 */
import { useDepartmentView } from "@/components/department/department-view";
import type { DepartmentPanel } from "@/lib/config/departments";
import { DistributionBarPanel, DistrictsBarPanel, GroupBarPanel, RankBarPanel } from "./bar-panels";
import { BreakdownPanelView, SchedulePanelView } from "./stacked-panels";
import { TrendPanel } from "./trend-panel";

function PanelOf({ panel }: { panel: DepartmentPanel }) {
  switch (panel.kind) {
    case "trend":
      return <TrendPanel panel={panel} />;
    case "districts":
      return <DistrictsBarPanel panel={panel} />;
    case "rank":
      return <RankBarPanel panel={panel} />;
    case "distribution":
      return <DistributionBarPanel panel={panel} />;
    case "group":
      return <GroupBarPanel panel={panel} />;
    case "breakdown":
      return <BreakdownPanelView panel={panel} />;
    case "schedule":
      return <SchedulePanelView panel={panel} />;
  }
}

/** Panels as direct items of the page grid. */
export function DepartmentPanels() {
  const { department } = useDepartmentView();
  return (
    <>
      {department.panels.map((p) => (
        <PanelOf key={p.id} panel={p} />
      ))}
    </>
  );
}
