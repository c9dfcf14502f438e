"use client";
/**
 * The view state of a department page, shared by its time control, map and panels. The URL is the
 * one source of truth (a shared link opens the same view): this provider parses the search params
 * on every render and writes changes back with the History API, which Next's router picks up
 * without a server round trip (https://nextjs.org/docs/app/api-reference/functions/use-router —
 * "window.history.pushState and replaceState ... integrate into the Next.js Router").
 */
import { useSearchParams } from "next/navigation";
import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from "react";
import { useTwinNow, useView } from "@/components/live/view-context";
import { cityDayStart } from "@/lib/format/zone";
import type { Department } from "@/lib/config/departments";
import {
  clampCursor,
  compareShiftMs,
  compareWindow,
  parseViewState,
  resolveWindow,
  serializeViewState,
  type DepartmentViewState,
  type TimeWindow,
} from "@/lib/views/department/view-state";

export interface DepartmentView {
  department: Department;
  state: DepartmentViewState;
  /** The window every trend asks for. */
  window: TimeWindow;
  /** The comparison window (null without comparison) and how far back it lies (ms). */
  compare: TimeWindow | null;
  shiftMs: number;
  /** The cursor inside the window; null when the view is live (now). */
  cursor: Date | null;
  /** The twin's now (ms), ticking. */
  nowMs: number;
  /**
   * Changes the view. `push` for discrete choices (range, district, selection: Back undoes them),
   * `replace` for continuous ones (the cursor while it moves).
   */
  update: (patch: Partial<DepartmentViewState>, mode?: "push" | "replace") => void;
  /** Query string of the current view (no `?`), e.g. for links to other pages keeping the time. */
  query: string;
}

const Ctx = createContext<DepartmentView | null>(null);

export function DepartmentViewProvider({ department, children }: { department: Department; children: ReactNode }) {
  const params = useSearchParams();
  const view = useView();
  const nowMs = useTwinNow(15_000);
  const districtIds = useMemo(() => view.districts.map((d) => d.id), [view.districts]);
  const search = params.toString();
  const state = useMemo(() => parseViewState(new URLSearchParams(search), districtIds), [search, districtIds]);
  const lang = params.get("lang") ?? undefined;

  // Live windows move once per slot (see resolveWindow), so memoising on the slot keeps every
  // panel's key stable between slots.
  const now = new Date(nowMs);
  const dayStart = cityDayStart(now, view.timezone);
  const window = resolveWindow(state, now, dayStart);
  const fromMs = window.from.getTime();
  const toMs = window.to.getTime();
  // Panels that read the clock need it to the minute; a finer tick would re-render every panel.
  const minute = Math.floor(nowMs / 60_000);
  const value = useMemo<DepartmentView>(() => {
    const w: TimeWindow = { from: new Date(fromMs), to: new Date(toMs), live: state.range !== "custom" };
    const update: DepartmentView["update"] = (patch, mode = "push") => {
      const next = { ...state, ...patch };
      const qs = serializeViewState(next, { lang });
      const url = `${globalThis.location.pathname}${qs ? `?${qs}` : ""}`;
      // Start of a view change, for bench/department.ts (the commit below ends it).
      performance.mark(VIEW_CHANGE_MARK);
      if (mode === "replace") globalThis.history.replaceState(null, "", url);
      else globalThis.history.pushState(null, "", url);
    };
    return {
      department,
      state,
      window: w,
      compare: compareWindow(state, w),
      shiftMs: compareShiftMs(state, w),
      cursor: clampCursor(state.at, w),
      nowMs: minute * 60_000,
      update,
      query: serializeViewState(state, { lang }),
    };
  }, [department, state, fromMs, toMs, lang, minute]);
  useEffect(() => {
    // The view change has rendered and committed: what bench/department.ts reads as its cost.
    if (performance.getEntriesByName(VIEW_CHANGE_MARK, "mark").length === 0) return;
    performance.measure(VIEW_COMMIT_MEASURE, VIEW_CHANGE_MARK);
    performance.clearMarks(VIEW_CHANGE_MARK);
  }, [search]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

/** Performance entry names of a view change (URL written -> React committed). */
export const VIEW_CHANGE_MARK = "twinops:view-change";
export const VIEW_COMMIT_MEASURE = "twinops:view-commit";

export function useDepartmentView(): DepartmentView {
  const v = useContext(Ctx);
  if (!v) throw new Error("useDepartmentView must be used inside <DepartmentViewProvider>");
  return v;
}

/** The time a department page's cursor shows, or null when live or outside a department page (the header reads it). */
export function useViewedTime(): Date | null {
  return useContext(Ctx)?.cursor ?? null;
}

/** A stable callback for the common "select this district" action (a second click clears it). */
export function useSelectDistrict(): (id: string | null) => void {
  const { state, update } = useDepartmentView();
  return useCallback((id: string | null) => update({ district: id === state.district ? null : id, asset: null }), [state.district, update]);
}
