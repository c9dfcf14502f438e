"use client";
/**
 * A metric through the view's window for the city or the selected district, with the forecast and
 * the comparison period drawn over it, threshold lines, the time cursor and the window's peak.
 * A click on the chart puts the cursor there.
 */
import { useMemo } from "react";
import { useDepartmentView } from "@/components/department/department-view";
import { trendOption } from "@/components/charts/options/trend";
import { peakText, trendSummary } from "@/components/charts/summary";
import { chartTheme } from "@/components/charts/theme";
import { useDistrictName, useView } from "@/components/live/view-context";
import { useColorScheme } from "@/components/ui/use-color-scheme";
import type { TrendPanel as TrendSpec } from "@/lib/config/departments";
import { trendFrame } from "@/lib/views/department/frames";
import { trendQueries } from "@/lib/views/department/queries";
import { kpiThresholds } from "@/lib/views/overview/view";
import { useSeries } from "@/lib/twin-client/hooks";
import { parseDurationSeconds } from "@/lib/twin-client/steps";
import { pick } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import { ot } from "@/lib/i18n/ops-messages";
import { changeText, comparisonLabel, trendChangePercent } from "./comparison";
import { DeptPanel } from "./dept-panel";
import { useViewInput, useViewKpi } from "./use-view-input";

export function TrendPanel({ panel }: { panel: TrendSpec }) {
  const { locale, timezone } = useView();
  const scheme = useColorScheme();
  const districtName = useDistrictName();
  const { update, shiftMs, state } = useDepartmentView();
  const v = useViewInput();
  const q = trendQueries(panel, v);
  const main = useSeries(q.main);
  const overlay = useSeries(q.overlay);
  const compare = useSeries(q.compare);
  const kpi = useViewKpi(panel.kpi);
  const name = state.district ? districtName(state.district) : { en: "City", zh: "全市" };
  const built = useMemo(
    () =>
      trendFrame({
        main: main.data,
        overlay: panel.overlay ? { res: overlay.data, name: panel.overlay.label } : undefined,
        compare: q.compare
          ? { res: compare.data, name: { en: ot("en", state.compare === "week" ? "compareWeekName" : "comparePreviousName"), zh: ot("zh", state.compare === "week" ? "compareWeekName" : "comparePreviousName") }, shiftMs }
          : undefined,
        name,
        agg: panel.agg,
        timezone,
        cursor: v.cursor,
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- name and q.compare follow state
    [main.data, overlay.data, compare.data, panel, shiftMs, timezone, v.cursor, state.district, state.compare],
  );
  const marks = kpiThresholds(kpi);
  // The peak dot only where the config asks for the peak (a count of overloads has no useful one).
  // A district's curve says so in the heading: the same panel id shows the city otherwise.
  const title = state.district ? `${pick(panel.title, locale)} · ${pick(name, locale)}` : pick(panel.title, locale);
  const option = useMemo(
    () => (built ? trendOption({ ...built.frame, marks, better: kpi?.definition.better, peak: panel.peak ? built.frame.peak : -1 }, chartTheme(scheme, 1), locale, title) : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- marks derive from kpi
    [built, kpi, scheme, locale, panel.peak, title],
  );
  const frame = built?.frame;
  const peak = frame && panel.peak ? peakText(frame, locale) : null;
  // The latest value against the chosen comparison, in the same words as the KPI strip.
  const change = frame ? changeText(trendChangePercent(frame), kpi?.definition.better ?? "lower", locale) : null;
  const compared = change ? `${t(locale, "latest")} ${change.text} ${comparisonLabel(state, locale)}` : null;
  return (
    <DeptPanel
      panel={panel}
      title={title}
      asOf={lastTime(frame)}
      // The newest bucket starts up to one step before its data; allow that plus three cadences.
      staleAfterSeconds={(parseDurationSeconds(main.data?.step ?? "PT5M") ?? 300) + 900}
      loading={main.isLoading}
      error={main.error}
      onRetry={() => void main.mutate()}
      option={option}
      table={built?.table ?? null}
      meta={{ unit: frame?.unit || "1", aggregate: panel.agg, step: main.data?.step ?? "", metric: panel.metric }}
      kpi={kpi}
      summary={frame ? trendSummary(frame, title, locale) : title}
      height={200}
      bandClick="x"
      onClick={(c) => {
        const t = frame?.t[c.dataIndex];
        if (t) update({ at: new Date(t) }, "replace");
      }}
      note={
        peak || compared ? (
          <p className="tabular mb-1 text-xs text-muted" data-testid="trend-note">
            {[peak, compared].filter(Boolean).join(" · ")}
          </p>
        ) : null
      }
    />
  );
}

/** The newest bucket with a value: the data time of the trend. */
function lastTime(frame: { t: string[]; series: { values: (number | null)[] }[] } | undefined): string | undefined {
  const s = frame?.series[0];
  if (!frame || !s) return undefined;
  for (let i = s.values.length - 1; i >= 0; i--) if (s.values[i] !== null) return frame.t[i];
  return undefined;
}
