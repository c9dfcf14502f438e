"use client";
/**
 * A paired wall follows what an admin pushes to it: it asks every few seconds which boards its
 * device token shows, and moves there when they changed (keeping its own options: language,
 * tiles, sound). Nobody stands at a wall to reload it.
 */
import { useEffect } from "react";

const ASK_EVERY_MS = 5000;

/** The address to go to when the token's boards are no longer the ones shown, else null. */
export function assignmentTarget(current: URL, shown: readonly string[], assigned: { boards: string[]; path: string }): string | null {
  if (assigned.boards.join(",") === shown.join(",")) return null;
  const next = new URL(assigned.path, current.origin);
  for (const [k, v] of current.searchParams) if (k !== "rotate" && !next.searchParams.has(k)) next.searchParams.set(k, v);
  return `${next.pathname}${next.search.replace(/%2C/gi, ",")}`;
}

export function WallAssignment({ boards }: { boards: readonly string[] }) {
  const key = boards.join(",");
  useEffect(() => {
    const shown = key.split(",");
    let stopped = false;
    const ask = async () => {
      try {
        const res = await fetch("/api/auth/device/assignment", { headers: { accept: "application/json" }, cache: "no-store" });
        if (!res.ok || stopped) return;
        const target = assignmentTarget(new URL(window.location.href), shown, (await res.json()) as { boards: string[]; path: string });
        // A full load: the board is rendered again for the boards the token now has.
        if (target) window.location.assign(new URL(target, window.location.origin).href);
      } catch {
        // Offline for a moment: the wall's own banner says so; ask again next time.
      }
    };
    const timer = window.setInterval(() => void ask(), ASK_EVERY_MS);
    // Once soon after the board opens too: a push made while it was loading is not missed.
    const first = window.setTimeout(() => void ask(), 1000);
    return () => {
      stopped = true;
      window.clearInterval(timer);
      window.clearTimeout(first);
    };
  }, [key]);
  return null;
}
