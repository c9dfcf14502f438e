"use client";
/**
 * The city's "today" for every "today" chart of a page, following the twin's clock in the city's
 * time zone, so series keys move on at local midnight. It starts from the twin's time at render,
 * which is exactly what the server seeded its `fallback` keys from, so the first client keys
 * find the server's data.
 */
import { createContext, useContext, useEffect, useRef, type ReactNode } from "react";
import { useSWRConfig } from "swr";
import { cityDayStartIso, keysOfDay } from "@/lib/views/overview/clock";
import { useTwinNow, useView } from "./view-context";

/** How often the day is re-checked; a chart may show yesterday for at most this long. */
const DAY_CHECK_MS = 30_000;

const CityDayContext = createContext<string | null>(null);

/** `lastDataAt`: newest data time from the live stream, a twin time too (null before any). */
export function CityDayProvider({ lastDataAt, children }: { lastDataAt: string | null; children: ReactNode }) {
  const { timezone } = useView();
  const now = useTwinNow(DAY_CHECK_MS);
  const dayStart = cityDayStartIso(now, timezone, lastDataAt);

  // SWR never evicts: drop the previous day's "today" answers when the day rolls, or a wall left
  // on for a month would hold thirty days of them.
  const { cache } = useSWRConfig();
  const prevDay = useRef(dayStart);
  useEffect(() => {
    const old = prevDay.current;
    prevDay.current = dayStart;
    if (old === dayStart) return;
    for (const key of keysOfDay(cache.keys(), old)) cache.delete(key);
  }, [dayStart, cache]);

  return <CityDayContext.Provider value={dayStart}>{children}</CityDayContext.Provider>;
}

/** Midnight of the city's current day (ISO 8601), for the "today" series keys. */
export function useCityDayStart(): string {
  const v = useContext(CityDayContext);
  if (v === null) throw new Error("useCityDayStart must be used inside <LiveProvider>");
  return v;
}
