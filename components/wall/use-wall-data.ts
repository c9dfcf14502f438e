"use client";
/**
 * How current a wall board's figures are, and whether the data service answers: what the header's
 * "data as of", the connection banner and the stale cover are drawn from.
 */
import { useEffect, useState } from "react";
import { useLive } from "@/components/live/live-context";
import { useView } from "@/components/live/view-context";
import { boardDomains } from "@/lib/auth/roles";
import type { Board } from "@/lib/config/boards";
import { newestDataAsOf } from "@/lib/views/overview/freshness";
import { useKpis } from "@/lib/twin-client/hooks";
import { DOMAINS } from "@/lib/twin/types";

/**
 * Newest data time of the board: the headline figures of its first domain its caller may read
 * (a wall bound to the transport board must not ask for energy figures it would be refused) and
 * the stream's data events. Data times only, never a fetch time: a frozen feed must not look live.
 */
export function useWallDataAsOf(board: Board): string | undefined {
  const { session } = useView();
  const { lastDataAt } = useLive();
  const readable = session?.domains ?? DOMAINS;
  const domain = boardDomains(board.id).find((d) => readable.includes(d)) ?? readable[0];
  const { data: kpis } = useKpis(domain ? { domain } : null);
  return newestDataAsOf(kpis?.kpis ?? [], [lastDataAt]);
}

const PROBE_MS = 10_000;

/**
 * While `active` (the stream is down), asks the API's index every 10 s whether the data service
 * answers: a lost stream with a working API (figures still refresh by polling) is not the same
 * news as an unreachable service. null: not known (yet), or not asked.
 */
export function useApiReachable(active: boolean): boolean | null {
  const [up, setUp] = useState<boolean | null>(null);
  useEffect(() => {
    if (!active) return;
    let gone = false;
    const probe = () =>
      fetch("/api/twin/v1", { cache: "no-store", headers: { accept: "application/json" } })
        .then((r) => !gone && setUp(r.ok))
        .catch(() => !gone && setUp(false));
    void probe();
    const id = window.setInterval(() => void probe(), PROBE_MS);
    return () => {
      gone = true;
      window.clearInterval(id);
      setUp(null);
    };
  }, [active]);
  return active ? up : null;
}
