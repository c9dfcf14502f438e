"use client";
import { useSyncExternalStore } from "react";

const QUERY = "(prefers-color-scheme: light)";

function subscribe(onChange: () => void): () => void {
  const mq = window.matchMedia(QUERY);
  mq.addEventListener("change", onChange);
  return () => mq.removeEventListener("change", onChange);
}

/** The viewer's colour scheme; dark on the server (the operations default). */
export function useColorScheme(): "dark" | "light" {
  return useSyncExternalStore(
    subscribe,
    () => (window.matchMedia(QUERY).matches ? "light" : "dark"),
    () => "dark",
  );
}
