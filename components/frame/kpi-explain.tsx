"use client";
/**
 * "Explain this number": a native dialog with everything the KPI definition says — definition,
 * formula, unit and UN/CEFACT code, cadence, source, owner, target and thresholds, direction,
 * audience — and the time the value describes. The definition is the city pack's, the same the
 * wall and the public pages show. The dialog is modal (focus trapped by the browser, Escape
 * closes it) and focus returns to the button that opened it.
 */
import { useId, useRef } from "react";
import { useView } from "@/components/live/view-context";
import { formatQuantity } from "@/lib/format/number";
import { formatDateTime, formatDuration, formatZone } from "@/lib/format/time";
import { pick } from "@/lib/i18n/locale";
import { ot } from "@/lib/i18n/ops-messages";
import { DEPT_IDS, explainTestId } from "@/lib/test-ids";
import type { KpiValue } from "@/lib/twin/types";

export function KpiExplain({ kpi, label }: { kpi: KpiValue; label?: string }) {
  const { locale, timezone, simulated } = useView();
  const ref = useRef<HTMLDialogElement>(null);
  // The same KPI is explained from the strip and from its panel: ids must differ per instance.
  const titleId = useId();
  const d = kpi.definition;
  const q = (v: number | null) => (v === null ? "–" : formatQuantity(v, d.unit.symbol, locale).text);
  const rows: [string, string][] = [
    [ot(locale, "explainDefinition"), pick(d.definition, locale)],
    [ot(locale, "explainFormula"), d.formula],
    [ot(locale, "explainUnit"), `${d.unit.symbol || "–"} (UN/CEFACT ${d.unit.code})`],
    [ot(locale, "explainCadence"), formatDuration(d.cadenceSeconds, locale)],
    [ot(locale, "explainSource"), `${pick(d.source, locale)}${simulated ? ` · ${ot(locale, "explainSimulated")}` : ""}`],
    [ot(locale, "explainOwner"), pick(d.owner, locale)],
    [ot(locale, "explainTarget"), q(d.target)],
    [ot(locale, "explainWarning"), q(d.thresholds.warning)],
    [ot(locale, "explainCritical"), q(d.thresholds.critical)],
    [ot(locale, "explainBetter"), ot(locale, d.better === "higher" ? "explainHigher" : "explainLower")],
    [ot(locale, "explainAudience"), ot(locale, d.public ? "explainPublic" : "explainInternal")],
    [ot(locale, "explainValue"), `${q(kpi.value)} · ${formatDateTime(kpi.asOf, timezone, locale)} ${formatZone(kpi.asOf, timezone, locale)}${kpi.stale ? ` · ${ot(locale, "explainStale")}` : ""}`],
  ];
  return (
    <>
      <button
        type="button"
        data-testid={explainTestId(d.id)}
        onClick={() => ref.current?.showModal()}
        aria-label={`${ot(locale, "explain")}: ${label ?? pick(d.name, locale)}`}
        title={ot(locale, "explain")}
        className="inline-flex size-5 shrink-0 items-center justify-center rounded-full border border-line text-[0.65rem] text-muted hover:border-accent hover:text-fg"
      >
        i
      </button>
      <dialog
        ref={ref}
        data-testid={DEPT_IDS.explainDialog}
        aria-labelledby={titleId}
        className="m-auto w-[min(36rem,92vw)] rounded-md border border-line bg-surface p-0 text-fg backdrop:bg-black/50"
      >
        <div className="flex items-start justify-between gap-3 border-b border-line px-4 py-3">
          {/* Not a heading element: the button and its dialog may sit inside a <dt>. */}
          <p id={titleId} className="m-0 text-base font-semibold">
            {pick(d.name, locale)} <span className="text-xs font-normal text-muted">{d.id}</span>
          </p>
          <form method="dialog">
            <button type="submit" className="rounded border border-line px-2 py-0.5 text-sm hover:bg-surface-2">
              {ot(locale, "close")}
            </button>
          </form>
        </div>
        <dl className="m-0 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 px-4 py-3 text-sm">
          {rows.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-muted">{k}</dt>
              <dd className="m-0">{v}</dd>
            </div>
          ))}
        </dl>
      </dialog>
    </>
  );
}
