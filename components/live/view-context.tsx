"use client";
/** The page's language, the city's time zone and names: read by every panel, set once per page. */
import type { SessionView } from "@/lib/auth/session-view";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { twinNowMs } from "@/lib/views/overview/clock";
import type { Locale } from "@/lib/i18n/locale";
import type { LocalizedText } from "@/lib/twin/types";

export interface ViewSettings {
  locale: Locale;
  timezone: string;
  city: { id: string; name: LocalizedText };
  simulated: boolean;
  /** The twin holds no observation yet (real feeds only, none arrived): pages say so. */
  empty?: boolean;
  /** Server wall time the page was made (ms), so first client render matches the HTML. */
  renderedAt: number;
  /**
   * Twin clock minus the SERVER's wall clock at render (ms). Zero for real feeds; a demo twin
   * pinned to another date would otherwise look hours stale. Never add it to the browser's
   * clock directly (that one may be off): the live provider turns it into a browser offset.
   */
  twinOffsetMs: number;
  districts: { id: string; name: LocalizedText }[];
  /** Who is signed in (absent on pages nobody signs in to). */
  session?: SessionView;
}

const ViewContext = createContext<ViewSettings | null>(null);

export function ViewProvider({ value, children }: { value: ViewSettings; children: ReactNode }) {
  return <ViewContext.Provider value={value}>{children}</ViewContext.Provider>;
}

export function useView(): ViewSettings {
  const v = useContext(ViewContext);
  if (!v) throw new Error("useView must be used inside <ViewProvider>");
  return v;
}

/** District display name by id, falling back to the id. */
export function useDistrictName(): (id: string) => LocalizedText {
  const { districts } = useView();
  const byId = new Map(districts.map((d) => [d.id, d.name]));
  return (id) => byId.get(id) ?? { en: id, zh: id };
}

/**
 * Twin clock minus the BROWSER's clock (ms), measured at hydration and on each heartbeat by the
 * live provider; null until measured (server render, hydrating render).
 */
const TwinOffsetContext = createContext<number | null>(null);

export function TwinOffsetProvider({ value, children }: { value: number | null; children: ReactNode }) {
  return <TwinOffsetContext.Provider value={value}>{children}</TwinOffsetContext.Provider>;
}

/** Twin clock minus browser clock (ms), or null before the browser has measured it. */
export function useTwinOffsetMs(): number | null {
  return useContext(TwinOffsetContext);
}

/**
 * The twin's "now", ticking every `intervalMs`: what ages and stale marks are measured against.
 * Until the first tick after the offset is known it is the twin's time at render, so the
 * hydrating render matches the HTML.
 */
export function useTwinNow(intervalMs: number): number {
  const view = useView();
  const offsetMs = useTwinOffsetMs();
  const [browserNow, setBrowserNow] = useState<number | null>(null);
  useEffect(() => {
    if (offsetMs === null) return;
    // A zero delay takes the first reading right after the offset arrives (not one interval
    // later), outside the effect body so hydration is not re-rendered synchronously.
    const first = window.setTimeout(() => setBrowserNow(Date.now()), 0);
    const id = window.setInterval(() => setBrowserNow(Date.now()), intervalMs);
    return () => {
      window.clearTimeout(first);
      window.clearInterval(id);
    };
  }, [intervalMs, offsetMs]);
  return twinNowMs(view, offsetMs !== null && browserNow !== null ? { offsetMs, nowMs: browserNow } : null);
}
