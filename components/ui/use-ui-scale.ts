"use client";
import { useSyncExternalStore } from "react";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("resize", onChange);
  return () => window.removeEventListener("resize", onChange);
}

/**
 * The root font size relative to 16 px. globals.css enlarges it on wall-sized screens; canvas
 * text (charts) does not follow CSS, so chart builders scale their fonts by this.
 */
export function useUiScale(): number {
  return useSyncExternalStore(
    subscribe,
    () => Math.round((parseFloat(getComputedStyle(document.documentElement).fontSize) / 16) * 4) / 4 || 1,
    () => 1,
  );
}
