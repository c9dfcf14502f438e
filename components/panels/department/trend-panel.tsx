"use client";
/**
 * A metric through the view's window for the city or the selected district, with the forecast and
 * the comparison period drawn over it, threshold lines, the time cursor and the window's peak.
 * A click on the chart puts the cursor there.
 */
import { useMemo } from "react";
import { useDepartmentView } from "@/components/department/department-view";
import { trendOption } from "@/components/charts/options/department";
import { chartTheme } from "@/components/charts/theme";
import { useDistrictName, useView } from "@/components/live/view-context";
import { useColorScheme } from "@/components/ui/use-color-scheme";
import type { TrendPanel as TrendSpec } from "@/lib/config/departments";
import { trendFrame } from "@/lib/domains/department/frames";
import { trendQueries } from "@/lib/domains/department/queries";
import { useSeries } from "@/lib/domains/twin/hooks";
import { parseDurationSeconds } from "@/lib/domains/twin/steps";
import { formatQuantity } from "@/lib/format/number";
import { formatDateTime } from "@/lib/format/time";
import { pick } from "@/lib/i18n/locale";
import { ot } from "@/lib/i18n/ops-messages";
import { kpiMarks } from "./marks";
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
  const marks = kpiMarks(kpi);
  const option = useMemo(
    () => (built ? trendOption({ ...built.frame, marks }, chartTheme(scheme, 1), locale) : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- marks derive from kpi
    [built, kpi, scheme, locale],
  );
  const frame = built?.frame;
  const first = frame?.series[0];
  const peak = frame && first && frame.peak >= 0 ? { value: first.values[frame.peak] ?? null, t: frame.t[frame.peak] ?? "" } : null;
  const unit = frame?.unit ?? "";
  const summary = peak
    ? `${pick(panel.title, locale)} (${pick(name, locale)}): ${ot(locale, "peakAt", { value: formatQuantity(peak.value, unit, locale).text, time: formatDateTime(peak.t, timezone, locale) })}`
    : pick(panel.title, locale);
  return (
    <DeptPanel
      panel={panel}
      asOf={lastTime(frame)}
      // The newest bucket starts up to one step before its data; allow that plus three cadences.
      staleAfterSeconds={(parseDurationSeconds(main.data?.step ?? "PT5M") ?? 300) + 900}
      loading={main.isLoading}
      error={main.error}
      onRetry={() => void main.mutate()}
      option={option}
      table={built?.table ?? null}
      meta={{ unit: unit || "1", aggregate: panel.agg, step: main.data?.step ?? "", metric: panel.metric }}
      kpi={kpi}
      summary={summary}
      height={200}
      bandClick="x"
      onClick={(c) => {
        const t = frame?.t[c.dataIndex];
        if (t) update({ at: new Date(t) }, "replace");
      }}
      note={
        panel.peak && peak ? (
          <p className="tabular mb-1 text-xs text-muted">
            {state.district ? `${pick(name, locale)} · ` : ""}
            {ot(locale, "peakAt", { value: formatQuantity(peak.value, unit, locale).text, time: formatDateTime(peak.t, timezone, locale) })}
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
