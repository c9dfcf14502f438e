"use client";
import { useEffect, useState } from "react";

/**
 * True once the page has loaded and the main thread has had an idle moment (or after `timeoutMs`
 * at the latest). The map waits for it: MapLibre's megabyte of script and its WebGL start then
 * come after hydration, so the page answers input while the map is still on its way, and the
 * figures (in the HTML) are never held up by it.
 */
export function useIdleStart(timeoutMs = 2000): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (ready) return;
    let idle: number | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const go = () => {
      // Safari has no requestIdleCallback: a short timeout after load stands in for it.
      if (typeof window.requestIdleCallback === "function") idle = window.requestIdleCallback(() => setReady(true), { timeout: timeoutMs });
      else timer = setTimeout(() => setReady(true), 50);
    };
    if (document.readyState === "complete") go();
    else window.addEventListener("load", go, { once: true });
    return () => {
      window.removeEventListener("load", go);
      if (idle !== null) window.cancelIdleCallback(idle);
      if (timer !== null) clearTimeout(timer);
    };
  }, [ready, timeoutMs]);
  return ready;
}
