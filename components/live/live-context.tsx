"use client";
/** Opens the page's one event stream and shares its state (header badge, offline banner). */
import { createContext, useContext, type ReactNode } from "react";
import { useTwinEvents, type TwinEventsState } from "@/lib/domains/twin/hooks";

const LiveContext = createContext<TwinEventsState | null>(null);

export function LiveProvider({ children }: { children: ReactNode }) {
  const state = useTwinEvents();
  return <LiveContext.Provider value={state}>{children}</LiveContext.Provider>;
}

export function useLive(): TwinEventsState {
  const v = useContext(LiveContext);
  if (!v) throw new Error("useLive must be used inside <LiveProvider>");
  return v;
}
