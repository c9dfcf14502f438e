"use client";
/**
 * Opens the page's one event stream and shares its state (header badge, offline banner), the
 * twin clock as the browser sees it, and the city's "today".
 */
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { browserTwinOffsetMs } from "@/lib/views/overview/clock";
import { useTwinEvents, type TwinEventsState } from "@/lib/twin-client/hooks";
import { CityDayProvider } from "./city-day";
import { TwinOffsetProvider, useView } from "./view-context";

const LiveContext = createContext<TwinEventsState | null>(null);

export function LiveProvider({ children }: { children: ReactNode }) {
  const state = useTwinEvents();
  const { renderedAt, twinOffsetMs } = useView();
  // Measured once the page runs in the browser: the server's reading from the payload against the
  // browser's own clock, so a browser whose clock is off does not shift every age and stale mark.
  const [hydrationOffset, setHydrationOffset] = useState<number | null>(null);
  useEffect(() => {
    const id = window.setTimeout(() => setHydrationOffset(browserTwinOffsetMs({ renderedAt, twinOffsetMs }, renderedAt, Date.now())), 0);
    return () => window.clearTimeout(id);
  }, [renderedAt, twinOffsetMs]);
  // A heartbeat's server time is a fresher reading than the page payload: it takes over.
  const { serverClock } = state;
  const offset = serverClock
    ? browserTwinOffsetMs({ renderedAt, twinOffsetMs }, serverClock.serverMs, serverClock.browserMs)
    : hydrationOffset;
  return (
    <LiveContext.Provider value={state}>
      <TwinOffsetProvider value={offset}>
        <CityDayProvider lastDataAt={state.lastDataAt}>{children}</CityDayProvider>
      </TwinOffsetProvider>
    </LiveContext.Provider>
  );
}

export function useLive(): TwinEventsState {
  const v = useContext(LiveContext);
  if (!v) throw new Error("useLive must be used inside <LiveProvider>");
  return v;
}
