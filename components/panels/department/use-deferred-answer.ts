"use client";
import { useDeferredValue } from "react";
import type { SWRResponse } from "swr";

/** What a department panel reads of an SWR answer. */
export interface Answer<T, E> {
  data: T | undefined;
  readonly error: E | undefined;
  readonly isLoading: boolean;
  mutate: SWRResponse<T, E>["mutate"];
}

/**
 * The answer of a twin hook with its `data` deferred (React's useDeferredValue). SWR hands new
 * data to React through useSyncExternalStore, whose updates render synchronously: with a live
 * event every few seconds, each panel's frame, chart option and table were rebuilt in one task
 * that blocked input. Deferred, that pass runs in the background in slices (only its commit, the
 * chart's setOption, is one task), and the urgent pass only re-renders what did not change.
 * `error` and `isLoading` stay getters, so SWR still re-renders the panel only for what it reads.
 */
export function useDeferredAnswer<T, E>(res: SWRResponse<T, E>): Answer<T, E> {
  const data = useDeferredValue(res.data);
  return {
    data,
    get error() {
      return res.error;
    },
    get isLoading() {
      return res.isLoading;
    },
    mutate: res.mutate,
  };
}
