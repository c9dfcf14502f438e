"use client";
import { createContext, useContext, useSyncExternalStore } from "react";

const QUERY = "(prefers-color-scheme: light)";

/** One MediaQueryList for the page: React reads the snapshot on every render of every chart and map. */
let list: MediaQueryList | null = null;
const query = () => (list ??= window.matchMedia(QUERY));

function subscribe(onChange: () => void): () => void {
  const mq = query();
  mq.addEventListener("change", onChange);
  return () => mq.removeEventListener("change", onChange);
}

const Forced = createContext<"dark" | "light" | null>(null);

/**
 * Fixes the scheme for everything inside, whatever the system prefers: walls are always dark
 * (their CSS is), so their maps and charts must be too, even on a PC set to a light theme.
 */
export const ForcedColorScheme = Forced.Provider;

/** The viewer's colour scheme (or the one forced around it); dark on the server (the operations default). */
export function useColorScheme(): "dark" | "light" {
  const forced = useContext(Forced);
  const system = useSyncExternalStore<"dark" | "light">(
    subscribe,
    () => (query().matches ? "light" : "dark"),
    () => "dark",
  );
  return forced ?? system;
}
