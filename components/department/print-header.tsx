"use client";
/**
 * What a printed (or PDF) department view says about itself: department, district, period in city
 * time with the zone, comparison, printed-at time and, for simulated data, the simulated label.
 * Hidden on screen; the rest of the time control it sits in is hidden on paper (print.css).
 */
import { useView } from "@/components/live/view-context";
import { comparisonLabel } from "@/components/panels/department/comparison";
import { formatDateTime, formatZone } from "@/lib/format/time";
import { pick } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import { ot } from "@/lib/i18n/ops-messages";
import { DEPT_IDS } from "@/lib/test-ids";
import { useDepartmentView } from "./department-view";
import "./print.css";

export function PrintHeader() {
  const { locale, timezone, simulated, districts } = useView();
  const { department, state, window: w, nowMs } = useDepartmentView();
  const district = districts.find((d) => d.id === state.district);
  const when = (d: Date | number) => formatDateTime(d, timezone, locale);
  const parts = [
    district ? pick(district.name, locale) : ot(locale, "allDistricts"),
    `${ot(locale, "captionPeriod")}: ${ot(locale, "windowSummary", { from: when(w.from), to: when(w.to) })} (${formatZone(w.to, timezone)})`,
    ...(state.compare === "none" ? [] : [comparisonLabel(state, locale)]),
    `${t(locale, "asOf")} ${when(nowMs)}`,
  ];
  return (
    <div data-testid={DEPT_IDS.printHeader} className="hidden px-1 pb-2 print:block">
      <p className="m-0 text-lg font-semibold">{pick(department.title, locale)}</p>
      <p className="m-0 text-sm">{parts.join(" · ")}</p>
      {simulated ? <p className="m-0 text-sm font-semibold">{`${t(locale, "simulated")}: ${t(locale, "simulatedHint")}`}</p> : null}
    </div>
  );
}
