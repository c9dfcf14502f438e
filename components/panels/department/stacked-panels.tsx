"use client";
/**
 * Counts of assets from their static records, stacked by district: sites by phase or permit
 * status, and schedule adherence (reported progress against the permitted period).
 */
import { useMemo } from "react";
import { useDepartmentView, useSelectDistrict } from "@/components/department/department-view";
import { stackedOption } from "@/components/charts/options/stacked";
import { stackedSummary } from "@/components/charts/summary";
import { chartTheme } from "@/components/charts/theme";
import { useDistrictName, useView } from "@/components/live/view-context";
import { useColorScheme } from "@/components/ui/use-color-scheme";
import type { BreakdownPanel, SchedulePanel } from "@/lib/config/departments";
import { breakdown, mostBehind, scheduleAdherence, scheduleFrame, SCHEDULE_TOLERANCE } from "@/lib/views/department/frames";
import { typeAssetsQuery } from "@/lib/views/department/queries";
import { useAssets } from "@/lib/twin-client/hooks";
import { formatQuantity } from "@/lib/format/number";
import { pick } from "@/lib/i18n/locale";
import { ot } from "@/lib/i18n/ops-messages";
import { answerProps, DeptPanel } from "./dept-panel";
import { useViewInput } from "./use-view-input";

const VALUE_NAMES: Record<string, { en: string; zh: string }> = {
  planning: { en: "Planning", zh: "规划" },
  foundation: { en: "Foundation", zh: "基础" },
  structure: { en: "Structure", zh: "主体" },
  finishing: { en: "Finishing", zh: "收尾" },
  pending: { en: "Pending", zh: "待审批" },
  approved: { en: "Approved", zh: "已批准" },
  suspended: { en: "Suspended", zh: "已暂停" },
};
const valueName = (v: string) => VALUE_NAMES[v] ?? { en: v, zh: v };

function useAssetRecords(type: BreakdownPanel["type"]) {
  const res = useAssets(typeAssetsQuery(type, useViewInput()));
  const records = useMemo(() => res.data?.features.map((f) => f.properties), [res.data]);
  return { res, records };
}

export function BreakdownPanelView({ panel }: { panel: BreakdownPanel }) {
  const { locale, districts } = useView();
  const { state } = useDepartmentView();
  const select = useSelectDistrict();
  const scheme = useColorScheme();
  const { res, records } = useAssetRecords(panel.type);
  const built = useMemo(() => breakdown(records, panel.by, panel.order, districts, state.district, valueName), [records, panel.by, panel.order, districts, state.district]);
  const title = pick(panel.title, locale);
  const option = useMemo(() => (built ? stackedOption(built.frame, chartTheme(scheme, 1), locale, title) : null), [built, scheme, locale, title]);
  return (
    <DeptPanel
      panel={panel}
      // Static records: as of the answer.
      {...answerProps(res)}
      staleAfterSeconds={86_400}
      option={option}
      table={built?.table ?? null}
      meta={{ unit: "count of sites", by: panel.by }}
      summary={built ? stackedSummary(built.frame, title, locale) : title}
      height={220}
      bandClick="x"
      onClick={(c) => {
        const id = built?.frame.categories[c.dataIndex]?.id;
        if (id) select(id);
      }}
    />
  );
}

export function SchedulePanelView({ panel }: { panel: SchedulePanel }) {
  const { locale, districts } = useView();
  const { state, cursor, nowMs, update } = useDepartmentView();
  const select = useSelectDistrict();
  const districtName = useDistrictName();
  const scheme = useColorScheme();
  const { res, records } = useAssetRecords(panel.type);
  const at = cursor ?? new Date(Math.floor(nowMs / 86_400_000) * 86_400_000);
  const atDay = at.getTime();
  const rows = useMemo(() => scheduleAdherence(records, new Date(atDay)), [records, atDay]);
  const built = useMemo(() => scheduleFrame(rows, districts, state.district), [rows, districts, state.district]);
  const title = pick(panel.title, locale);
  const option = useMemo(() => (built ? stackedOption(built.frame, chartTheme(scheme, 1), locale, title) : null), [built, scheme, locale, title]);
  const worst = useMemo(() => mostBehind(rows, 5), [rows]);
  const names = useMemo(() => new Map(records?.map((r) => [r.id, r.name])), [records]);
  return (
    <DeptPanel
      panel={panel}
      {...answerProps(res)}
      staleAfterSeconds={86_400}
      option={option}
      table={built?.table ?? null}
      meta={{ unit: "percent of planned progress", tolerance: `${SCHEDULE_TOLERANCE} percentage points`, note: ot("en", "progressNote") }}
      summary={built ? stackedSummary(built.frame, title, locale) : title}
      height={220}
      bandClick="x"
      onClick={(c) => {
        const id = built?.frame.categories[c.dataIndex]?.id;
        if (id) select(id);
      }}
      footer={
        <>
          <h3 className="mt-2 text-xs font-semibold text-fg">{ot(locale, "mostBehind")}</h3>
          {worst.length === 0 ? (
            <p className="text-xs text-muted">{ot(locale, "noneBehind", { n: SCHEDULE_TOLERANCE })}</p>
          ) : (
            <ol className="m-0 list-none p-0 text-xs">
              {worst.map((r) => (
                <li key={r.id}>
                  {/* Selects the site: the map outlines and zooms to it. */}
                  <button
                    type="button"
                    onClick={() => update({ asset: r.id === state.asset ? null : r.id })}
                    aria-pressed={state.asset === r.id}
                    className="flex w-full items-baseline gap-2 py-1 text-left hover:text-fg"
                  >
                    <span className="min-w-0 flex-1 truncate text-fg">{pick(names.get(r.id) ?? { en: r.id, zh: r.id }, locale)}</span>
                    <span className="shrink-0 text-muted">{pick(districtName(r.district), locale)}</span>
                    <span className="tabular shrink-0 text-warning">
                      {ot(locale, "progressVsPlan", { reported: formatQuantity(r.reported, "%", locale, { digits: 0 }).text, planned: formatQuantity(r.planned, "%", locale, { digits: 0 }).text })}
                    </span>
                  </button>
                </li>
              ))}
            </ol>
          )}
          <p className="mt-1 text-xs text-muted">{ot(locale, "progressNote")}</p>
        </>
      }
    />
  );
}
