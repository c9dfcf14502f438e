"use client";
import { startTransition, useCallback, useEffect, useRef, useState } from "react";

/**
 * Takes turns for expensive first renders (an ECharts instance costs tens of milliseconds to
 * create and draw): each waiter gets its turn in an idle period of its own, and the next turn is
 * given only once the holder says it is done (its chart is drawn) or `TURN_MS` has passed, so a
 * page with several charts never blocks input (or hydration) for all of them at once. A turn
 * handed out as a transition is rendered later than it is given: without the `done` signal several
 * charts got their turn before the first had drawn and then started in the same task.
 * Turns are given in the order asked; a component that unmounts before its turn, or while it
 * holds it, gives it up.
 */
const waiting: (() => void)[] = [];
let busy = false;
/** The holder of the current turn; null when free. */
let holder: (() => void) | null = null;
let holderTimer: ReturnType<typeof setTimeout> | null = null;
/** The longest a turn waits for an idle moment (a page that is never idle still gets its charts). */
const IDLE_TIMEOUT_MS = 1000;
/** The longest a holder keeps the turn without saying it is done (a chart that never draws). */
const TURN_MS = 3000;

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
  holder = next;
  holderTimer = setTimeout(() => release(next), TURN_MS);
  next();
}

/** Ends `who`'s turn (once); the next waiter gets one in the next idle period after a frame. */
function release(who: () => void): void {
  if (holder !== who) return;
  holder = null;
  if (holderTimer !== null) clearTimeout(holderTimer);
  holderTimer = null;
  requestAnimationFrame(() => whenIdle(pump));
}

/** `[turn, done]`: whether this component may start now, and how it says it has finished. */
export function useMountTurn(wanted: boolean): [boolean, () => void] {
  const [turn, setTurn] = useState(false);
  const mine = useRef<(() => void) | null>(null);
  useEffect(() => {
    if (!wanted || turn) return;
    let live = true;
    const go = () => {
      // A transition: the chart's render is sliced; its drawing runs in tasks of its own.
      if (live) startTransition(() => setTurn(true));
      else release(go);
    };
    mine.current = go;
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
  // Unmounting while holding the turn passes it on.
  useEffect(
    () => () => {
      if (mine.current) release(mine.current);
    },
    [],
  );
  const done = useCallback(() => {
    if (mine.current) release(mine.current);
  }, []);
  return [turn, done];
}
