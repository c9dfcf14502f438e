"use client";
/** The scorecard's SWR hook, keyed as the server seeds it (`scorecardKey`). */
import useSWR, { type SWRConfiguration } from "swr";
import { twinFetcher, type TwinApiError } from "@/lib/twin-client/hooks";
import type { ScorecardResponse } from "./schemas";
import { scorecardKey } from "./keys";

/**
 * KPIs move every few minutes and the sparklines hourly: a minute's poll keeps the table current
 * without following every observation event (the answer reads ~90 series).
 */
const OPTIONS: SWRConfiguration = {
  keepPreviousData: true,
  revalidateIfStale: false,
  refreshInterval: 60_000,
  shouldRetryOnError: true,
  errorRetryInterval: 10_000,
};

export function useScorecard(at?: Date) {
  return useSWR<ScorecardResponse, TwinApiError>(scorecardKey(at ? { at } : {}), twinFetcher, OPTIONS);
}
