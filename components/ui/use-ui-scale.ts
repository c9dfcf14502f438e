"use client";
import { useSyncExternalStore } from "react";

/**
 * The scale last read, until the next resize: reading the root's computed style on every render
 * (React asks for the snapshot each time) forced a style recalculation per chart and map render.
 */
let cached: number | null = null;

function subscribe(onChange: () => void): () => void {
  const changed = () => {
    cached = null;
    onChange();
  };
  window.addEventListener("resize", changed);
  return () => window.removeEventListener("resize", changed);
}

function read(): number {
  cached ??= Math.round((parseFloat(getComputedStyle(document.documentElement).fontSize) / 16) * 4) / 4 || 1;
  return cached;
}

/**
 * The root font size relative to 16 px. globals.css enlarges it on wall-sized screens; canvas
 * text (charts) does not follow CSS, so chart builders scale their fonts by this.
 */
export function useUiScale(): number {
  return useSyncExternalStore(
    subscribe,
    read,
    () => 1,
  );
}
