"use client";
/** The page's language, the city's time zone and names: read by every panel, set once per page. */
import { createContext, useContext, type ReactNode } from "react";
import { useNow } from "@/components/ui/use-now";
import type { Locale } from "@/lib/i18n/locale";
import type { LocalizedText } from "@/lib/twin/types";

export interface ViewSettings {
  locale: Locale;
  timezone: string;
  city: { id: string; name: LocalizedText };
  simulated: boolean;
  /** Wall time the page was made (ms), so first client render matches the HTML. */
  renderedAt: number;
  /**
   * Twin clock minus wall clock at render (ms). Zero for real feeds; a demo twin pinned to another
   * date would otherwise look hours stale to every browser.
   */
  twinOffsetMs: number;
  districts: { id: string; name: LocalizedText }[];
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

/** The twin's "now", ticking every `intervalMs`: what ages and stale marks are measured against. */
export function useTwinNow(intervalMs: number): number {
  const { renderedAt, twinOffsetMs } = useView();
  return useNow(intervalMs, renderedAt) + twinOffsetMs;
}
