/**
 * Live refetches: the keys an event touches are revalidated, their data staying on screen until
 * the new answer arrives (and staying, marked old, if it fails). Client-safe.
 */
import type { ScopedMutator } from "swr";

function keyStrings(key: unknown): string[] {
  if (typeof key === "string") return [key];
  if (Array.isArray(key)) return key.filter((k): k is string => typeof k === "string");
  return [];
}

/**
 * Refetches every cached key one of whose parts matches. Only the filter is passed: SWR reads any
 * second argument, `undefined` included, as new data for the keys and clears them
 * (`internalMutate`: "If there is no new data provided" means fewer than two arguments), which
 * blanked every board's cache, visible or not, at each live event.
 */
export function revalidateMatching(mutate: ScopedMutator, match: (key: string) => boolean): Promise<unknown> {
  return mutate((key: unknown) => keyStrings(key).some(match));
}
