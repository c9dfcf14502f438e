"use client";
import { useEffect, useState } from "react";

/**
 * Takes turns for expensive first renders (an ECharts instance costs tens of milliseconds to
 * create): each waiter gets its turn in an idle period of its own, after the previous one has
 * painted, so a page with several charts never blocks input (or hydration) for all of them at
 * once. Turns are given in the order asked; a component that unmounts before its turn gives it up.
 */
const waiting: (() => void)[] = [];
let busy = false;
/** The longest a turn waits for an idle moment (a page that is never idle still gets its charts). */
const IDLE_TIMEOUT_MS = 1000;

function whenIdle(f: () => void): void {
  if (typeof requestIdleCallback === "function") requestIdleCallback(f, { timeout: IDLE_TIMEOUT_MS });
  else setTimeout(f, 0);
}

function pump(): void {
  const next = waiting.shift();
  if (!next) {
    busy = false;
    return;
  }
  next();
  // After the frame that shows the previous chart, in the next idle period.
  requestAnimationFrame(() => whenIdle(pump));
}

export function useMountTurn(wanted: boolean): boolean {
  const [turn, setTurn] = useState(false);
  useEffect(() => {
    if (!wanted || turn) return;
    let live = true;
    const go = () => {
      if (live) setTurn(true);
    };
    waiting.push(go);
    if (!busy) {
      busy = true;
      whenIdle(pump);
    }
    return () => {
      live = false;
      const i = waiting.indexOf(go);
      if (i >= 0) waiting.splice(i, 1);
    };
  }, [wanted, turn]);
  return turn;
}
