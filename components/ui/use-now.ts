"use client";
import { useEffect, useState } from "react";

/**
 * A clock that ticks every `intervalMs`, for ages and local time. Starts from `initial` (the
 * server's time) so server and first client render agree, then follows the browser clock.
 */
export function useNow(intervalMs: number, initial: number): number {
  const [now, setNow] = useState(initial);
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(id);
  }, [intervalMs]);
  return now;
}
