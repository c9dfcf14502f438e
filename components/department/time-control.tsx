"use client";
/**
 * The department page's toolbar: time range presets and a custom range, the comparison, the time
 * cursor that drives map, panels and alerts together (with "Live" to return to now), and the
 * district filter. Everything it sets goes into the URL through `useDepartmentView().update`.
 */
import { useState, type FormEvent } from "react";
import { useView } from "@/components/live/view-context";
import {
  COMPARE_MODES,
  MAX_CUSTOM_DAYS,
  RANGE_PRESETS,
  fromZonedInput,
  snapCursor,
  toZonedInput,
  type CompareMode,
  type RangePreset,
} from "@/lib/views/department/view-state";
import { formatDateTime, formatZone } from "@/lib/format/time";
import { pick } from "@/lib/i18n/locale";
import { ot, type OpsMessageKey } from "@/lib/i18n/ops-messages";
import { DEPT_IDS, rangeTestId } from "@/lib/test-ids";
import { PrintHeader } from "./print-header";
import { useDepartmentView, useSelectDistrict } from "./department-view";

const RANGE_LABEL: Record<RangePreset, OpsMessageKey> = { live: "rangeLive", "24h": "range24h", "7d": "range7d", "30d": "range30d" };
const COMPARE_LABEL: Record<CompareMode, OpsMessageKey> = { none: "compareNone", previous: "comparePrevious", week: "compareWeek" };
/** The cursor moves on the data's 5-minute grid. */
const CURSOR_STEP_S = 300;

export function TimeControl() {
  const { locale, timezone, districts } = useView();
  const { state, window: w, cursor, nowMs, update } = useDepartmentView();
  const selectDistrict = useSelectDistrict();
  const [customOpen, setCustomOpen] = useState(state.range === "custom");
  const [invalid, setInvalid] = useState(false);
  // While the cursor is dragged only this preview moves; the URL (and every fetch) follows on release.
  const [dragging, setDragging] = useState<number | null>(null);

  const end = Math.min(w.to.getTime(), Math.max(nowMs, w.from.getTime()));
  const shown = dragging ?? cursor?.getTime() ?? end;
  const commitCursor = (ms: number) => {
    setDragging(null);
    // The newest slot is "now": leave the cursor off so the view stays live.
    if (ms >= end - CURSOR_STEP_S * 1000) update({ at: null }, "replace");
    else update({ at: snapCursor(new Date(ms), CURSOR_STEP_S) }, "replace");
  };

  const onCustom = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const from = fromZonedInput(String(data.get("from") ?? ""), timezone);
    const to = fromZonedInput(String(data.get("to") ?? ""), timezone);
    const ok = from !== null && to !== null && from < to && to.getTime() - from.getTime() <= MAX_CUSTOM_DAYS * 86_400_000;
    setInvalid(!ok);
    if (ok) update({ range: "custom", from, to, at: null });
  };

  return (
    <div
      data-testid={DEPT_IDS.timeControl}
      data-range={state.range}
      data-compare={state.compare}
      data-cursor={cursor ? cursor.toISOString() : "live"}
      className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-line bg-surface px-4 py-2 text-sm"
    >
      <PrintHeader />
      <fieldset className="flex items-center gap-1">
        <legend className="sr-only">{ot(locale, "timeLabel")}</legend>
        {RANGE_PRESETS.map((p) => (
          <button
            key={p}
            type="button"
            data-testid={rangeTestId(p)}
            aria-pressed={state.range === p}
            onClick={() => {
              setCustomOpen(false);
              update({ range: p, from: null, to: null, at: null });
            }}
            className={`rounded border px-2 py-1 ${state.range === p ? "border-accent bg-accent/15 font-semibold text-fg" : "border-line text-muted hover:text-fg"}`}
          >
            {ot(locale, RANGE_LABEL[p])}
          </button>
        ))}
        <button
          type="button"
          data-testid={rangeTestId("custom")}
          aria-pressed={state.range === "custom"}
          aria-expanded={customOpen}
          onClick={() => setCustomOpen((o) => !o)}
          className={`rounded border px-2 py-1 ${state.range === "custom" ? "border-accent bg-accent/15 font-semibold text-fg" : "border-line text-muted hover:text-fg"}`}
        >
          {ot(locale, "rangeCustom")}
        </button>
      </fieldset>
      {customOpen ? (
        <form onSubmit={onCustom} className="flex flex-wrap items-center gap-2" noValidate>
          <label className="flex items-center gap-1 text-xs text-muted">
            {ot(locale, "from")}
            <input
              type="datetime-local"
              name="from"
              data-testid={DEPT_IDS.customFrom}
              defaultValue={toZonedInput(w.from, timezone)}
              className="rounded border border-line bg-bg px-1 py-0.5 text-fg"
            />
          </label>
          <label className="flex items-center gap-1 text-xs text-muted">
            {ot(locale, "to")}
            <input
              type="datetime-local"
              name="to"
              data-testid={DEPT_IDS.customTo}
              defaultValue={toZonedInput(w.to, timezone)}
              className="rounded border border-line bg-bg px-1 py-0.5 text-fg"
            />
          </label>
          <button type="submit" data-testid={DEPT_IDS.customApply} className="rounded border border-line px-2 py-0.5 text-fg hover:bg-surface-2">
            {ot(locale, "apply")}
          </button>
          {invalid ? (
            <span role="alert" className="text-xs text-warning">
              {ot(locale, "customInvalid", { days: MAX_CUSTOM_DAYS })}
            </span>
          ) : null}
        </form>
      ) : null}
      <label className="flex items-center gap-1 text-xs text-muted">
        {ot(locale, "compare")}
        <select
          data-testid={DEPT_IDS.compareSelect}
          value={state.compare}
          onChange={(e) => update({ compare: e.target.value as CompareMode })}
          className="rounded border border-line bg-bg px-1 py-0.5 text-sm text-fg"
        >
          {COMPARE_MODES.map((m) => (
            <option key={m} value={m}>
              {ot(locale, COMPARE_LABEL[m])}
            </option>
          ))}
        </select>
      </label>
      <label data-testid={DEPT_IDS.districtFilter} data-district={state.district ?? ""} className="flex items-center gap-1 text-xs text-muted">
        {ot(locale, "district")}
        <select
          value={state.district ?? ""}
          onChange={(e) => selectDistrict(e.target.value === "" ? null : e.target.value)}
          className={`rounded border px-1 py-0.5 text-sm text-fg ${state.district ? "border-accent bg-accent/15" : "border-line bg-bg"}`}
        >
          <option value="">{ot(locale, "allDistricts")}</option>
          {districts.map((d) => (
            <option key={d.id} value={d.id}>
              {pick(d.name, locale)}
            </option>
          ))}
        </select>
        {state.district ? (
          <button type="button" onClick={() => selectDistrict(null)} aria-label={ot(locale, "clearDistrict")} className="rounded px-1 text-fg hover:bg-surface-2">
            ×
          </button>
        ) : null}
      </label>
      <div className="flex min-w-[26rem] flex-1 items-center gap-2">
        <label className="flex flex-1 items-center gap-2 text-xs text-muted">
          <span className="shrink-0">{ot(locale, "cursor")}</span>
          <input
            type="range"
            data-testid={DEPT_IDS.cursor}
            min={w.from.getTime()}
            max={end}
            step={CURSOR_STEP_S * 1000}
            value={shown}
            aria-valuetext={formatDateTime(shown, timezone, locale)}
            onChange={(e) => setDragging(Number(e.target.value))}
            onPointerUp={(e) => commitCursor(Number(e.currentTarget.value))}
            onKeyUp={(e) => commitCursor(Number(e.currentTarget.value))}
            className="min-w-0 flex-1 accent-[var(--color-accent)]"
          />
        </label>
        <output className="tabular shrink-0 text-xs text-fg" aria-live="polite">
          {cursor || dragging !== null ? ot(locale, "cursorAt", { time: formatDateTime(shown, timezone, locale) }) : ot(locale, "following")}{" "}
          <span className="text-muted">{formatZone(shown, timezone, locale)}</span>
        </output>
        <button
          type="button"
          data-testid={DEPT_IDS.live}
          aria-pressed={cursor === null}
          title={ot(locale, "cursorLiveHint")}
          onClick={() => update({ at: null }, "replace")}
          className={`rounded border px-2 py-1 text-xs ${cursor === null ? "border-ok bg-ok/15 text-fg" : "border-line text-muted hover:text-fg"}`}
        >
          ● {ot(locale, "cursorLive")}
        </button>
      </div>
      <button
        type="button"
        data-testid={DEPT_IDS.print}
        title={ot(locale, "printReportHint")}
        onClick={() => globalThis.print()}
        className="rounded border border-line px-2 py-1 text-xs text-muted hover:text-fg"
      >
        {ot(locale, "printReport")}
      </button>
    </div>
  );
}
